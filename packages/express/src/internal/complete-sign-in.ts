import type { CredentialSource } from './credential-source.js';
import { missingScopes } from './scopes.js';
import type { SessionHandle } from './session-handle.js';
import { SESSION_KEYS, sessionList, sessionUser } from './session-keys.js';
import type { SignInSuccess } from './sign-in.js';

/**
 * After a verified callback: keep the refresh token a re-consent did not repeat, regenerate the
 * session (no fixation), carry the old session's data over only when it was anonymous or the
 * same user's (another user's data is dropped), and store the credentials and the user.
 */
export async function completeSignIn(
  session: SessionHandle,
  result: SignInSuccess,
  source: CredentialSource,
): Promise<void> {
  const { credentials, claims, transaction } = result;
  const previous = sessionUser(session.data);
  const sameOrAnonymous = previous === undefined || previous.sub === claims.sub;
  if (!credentials.refreshToken) {
    const old = await source.existing(session, claims.sub);
    if (old?.refreshToken) credentials.refreshToken = old.refreshToken;
  }
  const carried: Record<string, unknown> = {};
  if (sameOrAnonymous) {
    for (const [key, value] of Object.entries(session.data)) {
      if (key !== 'cookie') carried[key] = value;
    }
  }
  const pending = sessionList(session.data, SESSION_KEYS.pending);
  await session.regenerate();
  Object.assign(session.data, carried);
  delete session.data[SESSION_KEYS.credentials];
  session.data[SESSION_KEYS.pending] = pending;
  session.data[SESSION_KEYS.user] =
    typeof claims.email === 'string'
      ? { sub: claims.sub, email: claims.email }
      : { sub: claims.sub };
  const declined = missingScopes(credentials.scopes, transaction.scopes);
  if (declined.length > 0) session.data[SESSION_KEYS.declined] = declined;
  else delete session.data[SESSION_KEYS.declined];
  // Kept: the verified claims (`id_token`). Not kept: the raw ID token and the token response,
  // which repeat them; the session stays small (express-session hashes it on every request).
  credentials.tokenResponse = null;
  credentials.idTokenJwt = null;
  await source.save(session, claims.sub, credentials);
}
