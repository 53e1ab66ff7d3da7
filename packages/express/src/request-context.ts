import { type FetchLike, type OAuth2Credentials, OAuth2Error } from '@oauth2/core';
import type { SessionUser } from './internal/session-keys.js';
import type { OAuth2RequestContext } from './oauth2-context.js';

/** oauth2client 2.0.2+ `has_credentials`: present, valid, and not expired without a refresh token. */
function usable(credentials: OAuth2Credentials | undefined): credentials is OAuth2Credentials {
  if (!credentials || credentials.invalid) return false;
  return !(credentials.accessTokenExpired && !credentials.refreshToken);
}

/** Build `req.oauth2` for one request. */
export function requestContext(
  user: SessionUser | undefined,
  credentials: OAuth2Credentials | undefined,
): OAuth2RequestContext {
  let authorized: FetchLike | undefined;
  return {
    userId: user?.sub,
    email: user?.email,
    credentials,
    hasCredentials: () => usable(credentials),
    fetch: (input, init) => {
      if (!credentials) throw new OAuth2Error('No credentials available.');
      authorized ??= credentials.authorize();
      return authorized(input, init);
    },
  };
}
