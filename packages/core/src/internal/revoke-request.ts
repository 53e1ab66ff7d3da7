import {
  NetworkError,
  OAuth2Error,
  TimeoutError,
  TokenInfoError,
  TokenRevokeError,
} from '../errors.js';
import type { Clock } from '../http/clock.js';
import { type FetchLike, type HttpResponse, httpRequest, safeHost } from '../http/request.js';
import { parseRetryAfter } from '../http/retry.js';
import { isRetryableStatus } from '../http/retryable-status.js';
import { requestSecrets, withScrubbedErrors } from '../http/scrub.js';
import { parseJsonLenient } from '../wire/lenient-json.js';
import { isJsonObject } from '../wire/parse-json.js';
import { parseOAuthErrorBody } from '../wire/token-response.js';
import { formEncode } from './form.js';
import { scrubErrorBody, tokenRequestHeaders } from './token-endpoint.js';

/** Transport settings for one revoke or tokeninfo call. */
export interface SimpleRequestConfig {
  fetch: FetchLike | undefined;
  clock: Clock;
  timeoutMs: number;
  userAgent: string | null;
  signal: AbortSignal | undefined;
  /** Scrubbed from server text that ends up in errors. */
  secrets?: readonly (string | null)[] | undefined;
}

/** What a revocation request carries besides the URL (RFC 7009 §2.1). */
export interface RevokeParams {
  /** The token to revoke. */
  token: string;
  /** Which kind of token `token` is (`token_type_hint`). */
  tokenTypeHint: 'refresh_token' | 'access_token';
  /** Identifies the client (sent when not null; public clients send only this). */
  clientId: string | null;
  /** Authenticates a confidential client (sent when not null, only with `clientId`). */
  clientSecret: string | null;
}

/**
 * RFC 7009 §2.1: `POST` with the token in a form body, never in the URL, plus the client's
 * authentication in the body (`client_secret_post`), as the refresh grant sends it: a
 * confidential client must authenticate, and a public client identifies itself with `client_id`.
 */
export function buildRevokeRequest(
  revokeUri: string,
  params: RevokeParams,
  userAgent: string | null,
): { url: string; init: RequestInit } {
  const headers = tokenRequestHeaders(userAgent);
  const { clientId } = params;
  const body = formEncode([
    ['token', params.token],
    ['token_type_hint', params.tokenTypeHint],
    ['client_id', clientId],
    ['client_secret', clientId === null ? null : params.clientSecret],
  ]);
  return { url: revokeUri, init: { method: 'POST', headers, body } };
}

/**
 * Decide a revoke response: 2xx → revoked; 400 `invalid_token` → already revoked (RFC 7009
 * §2.2); anything else → a `TokenRevokeError` carrying the server's `error` (or
 * `Invalid response <status>.`), retryable for 5xx/429 with `retryAfter`.
 */
export function interpretRevokeResponse(
  res: HttpResponse,
  nowMs: number,
  secrets: readonly (string | null)[] = [],
): 'revoked' | TokenRevokeError {
  if (res.status >= 200 && res.status < 300) return 'revoked';
  const parsed = scrubErrorBody(parseOAuthErrorBody(res.body), secrets);
  if (parsed.error === 'invalid_token' && res.status === 400) return 'revoked';
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'), nowMs);
  return new TokenRevokeError(
    parsed.error !== undefined ? parsed.error : `Invalid response ${res.status}.`,
    {
      status: res.status,
      ...(parsed.error !== undefined && { code: parsed.error, error: parsed.error }),
      ...(parsed.errorDescription !== undefined && { errorDescription: parsed.errorDescription }),
      retryable: isRetryableStatus(res.status),
      ...(retryAfter !== undefined && { retryAfter }),
    },
  );
}

/**
 * Revoke a token: one attempt (a 503 is reported with its `Retry-After`, not slept on).
 * @throws {TokenRevokeError} refused, failed, or timed out (`retryable` tells whether to retry).
 */
export async function revokeAtServer(
  config: SimpleRequestConfig,
  revokeUri: string,
  params: RevokeParams,
): Promise<void> {
  const { url, init } = buildRevokeRequest(revokeUri, params, config.userAgent);
  const secrets = requestSecrets(url, init.body as string, config.secrets);
  return withScrubbedErrors(
    secrets,
    () => sendRevoke({ ...config, secrets }, url, init),
    config.signal,
  );
}

async function sendRevoke(
  config: SimpleRequestConfig,
  url: string,
  init: RequestInit,
): Promise<void> {
  let res: HttpResponse;
  try {
    res = await httpRequest(url, {
      ...init,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
      signal: config.signal,
    });
  } catch (err) {
    if (err instanceof TimeoutError || err instanceof NetworkError) {
      throw new TokenRevokeError(
        `Could not reach ${safeHost(url)} to revoke the token: ${err.message} Try again later.`,
        {
          cause: err,
          retryable: true,
        },
      );
    }
    throw err;
  }
  const outcome = interpretRevokeResponse(res, config.clock.now(), config.secrets);
  if (outcome !== 'revoked') throw outcome;
}

/** Tokeninfo request: the token travels in the form body, never in the URL (adversarial C14). */
export function buildTokenInfoRequest(
  tokenInfoUri: string,
  token: string,
  userAgent: string | null,
): { url: string; init: RequestInit } {
  return {
    url: tokenInfoUri,
    init: {
      method: 'POST',
      headers: tokenRequestHeaders(userAgent),
      body: formEncode([
        ['access_token', token],
        ['fields', 'scope'],
      ]),
    },
  };
}

/**
 * Read the granted scopes from a tokeninfo response (`scope`, space-separated). Errors carry
 * `error_description` when present, else `Invalid response <status>.` (spec §3.7).
 */
export function interpretTokenInfoResponse(
  res: HttpResponse,
  secrets: readonly (string | null)[] = [],
): string[] | TokenInfoError {
  if (res.status === 200) {
    let data: unknown;
    try {
      data = parseJsonLenient(res.body);
    } catch {
      return new TokenInfoError(
        'The token information endpoint answered 200 with a body that is not JSON.',
      );
    }
    if (!isJsonObject(data)) {
      return new TokenInfoError(
        'The token information endpoint answered 200 with a body that is not a JSON object.',
      );
    }
    const scope = data.scope ?? '';
    if (typeof scope !== 'string')
      return new TokenInfoError('Token information field "scope" must be a string.');
    return scope.split(' ');
  }
  const parsed = scrubErrorBody(parseOAuthErrorBody(res.body), secrets);
  return new TokenInfoError(
    parsed.errorDescription !== undefined
      ? parsed.errorDescription
      : `Invalid response ${res.status}.`,
    {
      status: res.status,
      ...(parsed.error !== undefined && { code: parsed.error, error: parsed.error }),
      ...(parsed.errorDescription !== undefined && { errorDescription: parsed.errorDescription }),
      retryable: isRetryableStatus(res.status),
    },
  );
}

/**
 * Ask the tokeninfo endpoint which scopes a token carries.
 * @throws {TokenInfoError} the endpoint refused or answered garbage.
 * @throws {TimeoutError | NetworkError} transport failures.
 */
export async function fetchTokenScopes(
  config: SimpleRequestConfig,
  tokenInfoUri: string,
  token: string,
): Promise<string[]> {
  const { url, init } = buildTokenInfoRequest(tokenInfoUri, token, config.userAgent);
  const secrets = requestSecrets(url, init.body as string, config.secrets);
  return withScrubbedErrors(
    secrets,
    async () => {
      const res = await httpRequest(url, {
        ...init,
        fetch: config.fetch,
        timeoutMs: config.timeoutMs,
        signal: config.signal,
      });
      const outcome = interpretTokenInfoResponse(res, secrets);
      if (outcome instanceof OAuth2Error) throw outcome;
      return outcome;
    },
    config.signal,
  );
}
