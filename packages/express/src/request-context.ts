import { type FetchLike, OAuth2Error } from '@oauth2/core';
import type { CredentialAccess } from './internal/credential-source.js';
import type { SessionUser } from './internal/session-keys.js';
import type { OAuth2RequestContext } from './oauth2-context.js';

/** Build `req.oauth2` for one request. */
export function requestContext(
  user: SessionUser | undefined,
  access: CredentialAccess,
): OAuth2RequestContext {
  let authorized: FetchLike | undefined;
  return {
    userId: user?.sub,
    email: user?.email,
    get credentials() {
      return access.credentials();
    },
    hasCredentials: () => access.summary()?.usable ?? false,
    fetch: (input, init) => {
      const credentials = access.credentials();
      if (!credentials) throw new OAuth2Error('No credentials available.');
      authorized ??= credentials.authorize();
      return authorized(input, init);
    },
  };
}
