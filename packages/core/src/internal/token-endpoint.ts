import { HttpAccessTokenRefreshError, NetworkError, TimeoutError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import { type FetchLike, httpRequest } from '../http/request.js';
import { parseRetryAfter, type RetryPolicy, withRetries } from '../http/retry.js';
import { isRetryableStatus } from '../http/retryable-status.js';
import { redactSecrets, requestSecrets, withScrubbedErrors } from '../http/scrub.js';
import { sanitizeText } from '../wire/safe-text.js';
import {
  type OAuthErrorBody,
  parseOAuthErrorBody,
  parseTokenResponse,
  type TokenResponse,
} from '../wire/token-response.js';
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
  /** The credential's secrets: scrubbed from any server text that ends up in an error. */
  secrets?: readonly (string | null)[] | undefined;
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

/**
 * Server text goes into errors only this way: any of our own secrets the server echoed back
 * replaced by `[redacted]` (adversarial Z1), then the one sanitizer ({@link sanitizeText}).
 */
export function sanitizeServerText(text: string, secrets: readonly (string | null)[] = []): string {
  return sanitizeText(redactSecrets(text, secrets));
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
  secrets: readonly (string | null)[] = [],
): HttpAccessTokenRefreshError {
  const parsed = scrubErrorBody(parseOAuthErrorBody(body), secrets);
  let message = `Invalid response ${status}.`;
  if (parsed.error !== undefined) {
    message = parsed.error;
    if (parsed.errorDescription) message += `: ${parsed.errorDescription}`;
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

/** The error fields of a body, each passed through {@link sanitizeServerText}. */
export function scrubErrorBody(
  body: OAuthErrorBody,
  secrets: readonly (string | null)[],
): OAuthErrorBody {
  const out: OAuthErrorBody = {};
  if (body.error !== undefined) out.error = sanitizeServerText(body.error, secrets);
  if (body.errorDescription !== undefined)
    out.errorDescription = sanitizeServerText(body.errorDescription, secrets);
  if (body.errorUri !== undefined) out.errorUri = sanitizeServerText(body.errorUri, secrets);
  return out;
}

/**
 * POST a grant to the token endpoint with retries: 5xx/429/408, timeouts and network failures are
 * retried with jittered exponential back-off within the deadline, honouring `Retry-After`; any
 * other status fails at once. Whatever it throws is scrubbed of every secret the request sent
 * (`client_secret`, `refresh_token`, `assertion`, URL query values), `.cause` chain included.
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
  const secrets = requestSecrets(config.url, body, config.secrets);
  return withScrubbedErrors(
    secrets,
    () => sendWithRetries({ ...config, secrets }, body, policy),
    config.signal,
  );
}

function sendWithRetries(
  config: TokenRequestConfig,
  body: string,
  policy: RetryPolicy,
): Promise<TokenResponse> {
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
      throw refreshErrorFromResponse(
        res.status,
        res.headers,
        res.body,
        config.clock.now(),
        config.secrets,
      );
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
