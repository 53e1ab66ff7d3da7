import {
  type Clock,
  type FetchLike,
  GOOGLE_TOKEN_URI,
  HttpAccessTokenRefreshError,
  JWT_BEARER_GRANT_TYPE,
  parseJsonObject,
  parseOAuthErrorBody,
  systemClock,
  TokenResponseError,
} from '@oauth2/core';
import { httpRequest, isRetryableStatus } from '@oauth2/core/http';
import { ASSERTION_LIFETIME_SEC } from './constants.js';
import { makeSignedJwt } from './make-signed-jwt.js';
import { keyfileSigner, loadKeyfile } from './service-account-key-file.js';

/** Options of {@link fetchIdToken}. */
export interface FetchIdTokenOptions {
  /** Token endpoint (default: the key's `token_uri`, else Google's); also the assertion's `aud`. */
  tokenUri?: string | undefined;
  fetch?: FetchLike | undefined;
  clock?: Clock | undefined;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * An OpenID Connect ID token for `targetAudience`, minted for a service account: a JWT-bearer
 * grant (RFC 7523) whose signed assertion carries `target_audience`, answered by Google's token
 * endpoint with `{"id_token": ...}`. What google-auth-library's `JWT#fetchIdToken` /
 * `IdTokenClient` do; use the token to call Cloud Run, Cloud Functions or IAP-protected services.
 *
 * @param keyfile - a service-account key file path, or its parsed JSON.
 * @throws {ServiceAccountKeyError} the key file is unreadable or not a service-account key.
 * @throws {HttpAccessTokenRefreshError} the token endpoint refused (`code` = its `error`).
 * @throws {TokenResponseError} a 200 answer without a well-formed `id_token`.
 * @throws {NetworkError} / {TimeoutError} the endpoint cannot be reached in time.
 * @example
 * import { fetchIdToken } from '@oauth2/crypt';
 * const idToken = await fetchIdToken('key.json', 'https://my-service-abc123-uc.a.run.app');
 * await fetch(url, { headers: { authorization: `Bearer ${idToken}` } });
 */
export async function fetchIdToken(
  keyfile: string | Record<string, unknown>,
  targetAudience: string,
  options: FetchIdTokenOptions = {},
): Promise<string> {
  if (targetAudience === '') throw new TypeError('fetchIdToken needs a non-empty audience.');
  const { key, source } = await loadKeyfile(keyfile);
  const signer = keyfileSigner(key.privateKey, source);
  const tokenUri = options.tokenUri ?? key.tokenUri ?? GOOGLE_TOKEN_URI;
  const now = Math.floor((options.clock ?? systemClock).now() / 1000);
  const assertion = await makeSignedJwt(
    signer,
    {
      iss: key.clientEmail,
      aud: tokenUri,
      iat: now,
      exp: now + ASSERTION_LIFETIME_SEC,
      target_audience: targetAudience,
    },
    { keyId: key.privateKeyId },
  );
  const res = await httpRequest(tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }).toString(),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    signal: options.signal,
  });
  if (res.status !== 200) {
    const { error, errorDescription, errorUri } = parseOAuthErrorBody(res.body);
    throw new HttpAccessTokenRefreshError(
      error === undefined
        ? `Invalid response ${res.status}.`
        : `${error}${errorDescription ? `: ${sanitize(errorDescription)}` : ''}`,
      {
        status: res.status,
        ...(error !== undefined && { error }),
        ...(errorDescription !== undefined && { errorDescription }),
        ...(errorUri !== undefined && { errorUri }),
        retryable: isRetryableStatus(res.status),
      },
    );
  }
  const noIdToken = () =>
    new TokenResponseError('The token endpoint answered 200 without a well-formed id_token.');
  const idToken = parseJsonObject(res.body, noIdToken).id_token;
  if (typeof idToken !== 'string' || !JWT.test(idToken)) throw noIdToken();
  return idToken;
}

function sanitize(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
