import { HttpAccessTokenRefreshError, NetworkError, TimeoutError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import { type FetchLike, httpRequest } from '../http/request.js';
import { parseRetryAfter, type RetryPolicy, withRetries } from '../http/retry.js';
import { parseOAuthErrorBody, parseTokenResponse, type TokenResponse } from '../token-response.js';
import { formEncode } from './form.js';

/** Everything a token request needs besides its body. */
export interface TokenRequestConfig {
  url: string;
  userAgent: string | null;
  fetch: FetchLike | undefined;
  clock: Clock;
  timeoutMs: number;
  retry: RetryPolicy;
  random: (() => number) | undefined;
  signal: AbortSignal | undefined;
}

/** The refresh-token grant body, in oauth2client's parameter order (spec §2.1). */
export function buildRefreshGrantBody(fields: {
  clientId: string | null;
  clientSecret: string | null;
  refreshToken: string | null;
}): string {
  return formEncode([
    ['grant_type', 'refresh_token'],
    ['client_id', fields.clientId],
    ['client_secret', fields.clientSecret],
    ['refresh_token', fields.refreshToken],
  ]);
}

/** The JWT-bearer grant body (RFC 7523), in oauth2client's order: assertion, grant_type. */
export function buildAssertionGrantBody(assertion: string): string {
  return formEncode([
    ['assertion', assertion],
    ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
  ]);
}

/** Headers of a token request: exactly `content-type` and, when set, `user-agent` (spec §2.1). */
export function tokenRequestHeaders(userAgent: string | null): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (userAgent !== null) headers['user-agent'] = userAgent;
  return headers;
}

/** Whether a status is worth another attempt (server trouble, rate limit, request timeout). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** Control characters out, length bounded: server text goes into messages only this way. */
export function sanitizeServerText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

/**
 * Turn a non-2xx token response into the error oauth2client raised: message
 * `error[: error_description]` when the body has `error`, else `Invalid response <status>.`
 * (spec §2.2). `retryable` for 5xx/429/408; `retryAfter` from the header.
 */
export function refreshErrorFromResponse(
  status: number,
  headers: Headers,
  body: string,
  nowMs: number,
): HttpAccessTokenRefreshError {
  const parsed = parseOAuthErrorBody(body);
  let message = `Invalid response ${status}.`;
  if (parsed.error !== undefined) {
    message = sanitizeServerText(parsed.error);
    if (parsed.errorDescription) message += `: ${sanitizeServerText(parsed.errorDescription)}`;
  }
  const retryAfter = parseRetryAfter(headers.get('retry-after'), nowMs);
  return new HttpAccessTokenRefreshError(message, {
    status,
    ...(parsed.error !== undefined && { error: parsed.error }),
    ...(parsed.errorDescription !== undefined && { errorDescription: parsed.errorDescription }),
    ...(parsed.errorUri !== undefined && { errorUri: parsed.errorUri }),
    retryable: isRetryableStatus(status),
    ...(retryAfter !== undefined && { retryAfter }),
  });
}

/**
 * POST a grant to the token endpoint with retries: 5xx/429/408, timeouts and network failures are
 * retried with jittered exponential back-off within the deadline, honouring `Retry-After`; any
 * other status fails at once.
 *
 * @throws {HttpAccessTokenRefreshError} the endpoint answered with an error status.
 * @throws {TokenResponseError} a 2xx body that is not a usable token response.
 * @throws {TimeoutError} an attempt or the whole operation ran out of time.
 * @throws {NetworkError} the connection failed on the last attempt.
 */
export async function postTokenRequest(
  config: TokenRequestConfig,
  body: string,
): Promise<TokenResponse> {
  const policy = config.retry;
  return withRetries(
    async (_n, remainingMs) => {
      const res = await httpRequest(config.url, {
        method: 'POST',
        headers: tokenRequestHeaders(config.userAgent),
        body,
        fetch: config.fetch,
        timeoutMs: Math.max(1, Math.min(config.timeoutMs, remainingMs)),
        signal: config.signal,
      });
      if (res.status >= 200 && res.status < 300) {
        return parseTokenResponse(res.status, res.body, res.headers.get('content-type'));
      }
      throw refreshErrorFromResponse(res.status, res.headers, res.body, config.clock.now());
    },
    {
      ...policy,
      clock: config.clock,
      signal: config.signal,
      ...(config.random && { random: config.random }),
      isRetryable: (err) =>
        (err instanceof HttpAccessTokenRefreshError && err.retryable) ||
        err instanceof TimeoutError ||
        err instanceof NetworkError,
      retryAfterSeconds: (err) =>
        err instanceof HttpAccessTokenRefreshError ? err.retryAfter : undefined,
    },
  );
}
