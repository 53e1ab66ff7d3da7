import { FlowExchangeError, NetworkError, OAuth2Error, TokenResponseError } from '../errors.js';
import {
  type HttpRequestOptions,
  type HttpResponse,
  httpRequest,
  safeHost,
} from '../http/request.js';
import { formEncode } from '../internal/form.js';
import { sanitizeServerText } from '../internal/token-endpoint.js';
import {
  type OAuthErrorBody,
  parseOAuthErrorBody,
  parseTokenResponse,
  type TokenResponse,
} from '../wire/token-response.js';

/** RFC 8628 §3.4 grant type. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** The authorization-code exchange body in oauth2client's order (spec §3.3), plus `code_verifier`. */
export function buildCodeExchangeBody(f: {
  clientId: string;
  code: string;
  scope: string;
  clientSecret?: string | undefined;
  codeVerifier?: string | undefined;
  redirectUri?: string | undefined;
}): string {
  return formEncode([
    ['client_id', f.clientId],
    ['code', f.code],
    ['scope', f.scope],
    ['client_secret', f.clientSecret],
    ['code_verifier', f.codeVerifier],
    ['grant_type', 'authorization_code'],
    ['redirect_uri', f.redirectUri],
  ]);
}

/**
 * The device authorization request body: oauth2client's `client_id`, `scope` (spec §3.4), then
 * `client_secret` when the client has one (RFC 8628 §3.1: a confidential client authenticates).
 */
export function buildDeviceAuthorizationBody(f: {
  clientId: string;
  scope: string;
  clientSecret?: string | undefined;
}): string {
  return formEncode([
    ['client_id', f.clientId],
    ['scope', f.scope],
    ['client_secret', f.clientSecret],
  ]);
}

/** The RFC 8628 §3.4 device access token request body. */
export function buildDeviceTokenBody(f: {
  clientId: string;
  deviceCode: string;
  clientSecret?: string | undefined;
}): string {
  return formEncode([
    ['client_id', f.clientId],
    ['device_code', f.deviceCode],
    ['client_secret', f.clientSecret],
    ['grant_type', DEVICE_CODE_GRANT_TYPE],
  ]);
}

/** Headers of flow requests: `content-type`, then `authorization` and `user-agent` when set. */
export function flowRequestHeaders(f: {
  userAgent?: string | undefined;
  authorizationHeader?: string | undefined;
}): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (f.authorizationHeader !== undefined) headers.authorization = f.authorizationHeader;
  if (f.userAgent !== undefined) headers['user-agent'] = f.userAgent;
  return headers;
}

/** The RFC 6749 §5.2 error fields of a JSON or form-encoded body (oauth2client read both). */
export function readOAuthError(body: string, contentType: string | null): OAuthErrorBody {
  const fromJson = parseOAuthErrorBody(body);
  if (fromJson.error !== undefined || body.trim().startsWith('{')) return fromJson;
  if (!/x-www-form-urlencoded/i.test(contentType ?? '') && !/^[\w.~%+-]+=/.test(body.trim()))
    return {};
  const form = new URLSearchParams(body.trim());
  const out: OAuthErrorBody = {};
  const error = form.get('error');
  const description = form.get('error_description');
  if (error) out.error = error;
  if (description) out.errorDescription = description;
  return out;
}

/**
 * Interpret a code-exchange response (spec §3.3): a 200 with a usable token response succeeds;
 * otherwise a {@link FlowExchangeError} whose message is `error: error_description` (as refresh
 * errors read; oauth2client ran the two together), `error` alone, or `Invalid response: <status>.`.
 */
export function interpretExchangeResponse(res: HttpResponse): TokenResponse {
  const contentType = res.headers.get('content-type');
  if (res.status === 200) {
    try {
      return parseTokenResponse(res.status, res.body, contentType);
    } catch (err) {
      if (!(err instanceof TokenResponseError) || err.field === 'error') {
        throw exchangeErrorFromBody(res.status, res.body, contentType);
      }
      throw new FlowExchangeError(`Invalid response: ${res.status}. ${err.message}`, {
        status: res.status,
        code: 'invalid_token_response',
        cause: err,
      });
    }
  }
  throw exchangeErrorFromBody(res.status, res.body, contentType);
}

function exchangeErrorFromBody(
  status: number,
  body: string,
  contentType: string | null,
): FlowExchangeError {
  const parsed = readOAuthError(body, contentType);
  const message =
    parsed.error === undefined
      ? `Invalid response: ${status}.`
      : sanitizeServerText(
          parsed.errorDescription ? `${parsed.error}: ${parsed.errorDescription}` : parsed.error,
        );
  return new FlowExchangeError(message, {
    status,
    ...(parsed.error !== undefined && { error: parsed.error }),
    ...(parsed.errorDescription !== undefined && { errorDescription: parsed.errorDescription }),
    ...(parsed.errorUri !== undefined && { errorUri: parsed.errorUri }),
  });
}

/**
 * POST a form to a flow endpoint. A connection that failed before the body could leave
 * (`NetworkError` with `maybeSent: false`: refused, DNS) is tried once more; anything after the
 * body may have been sent is never retried, because an authorization code is single-use
 * (RFC 6749 §4.1.2, adversarial C8).
 *
 * @throws {TimeoutError | NetworkError | ResponseTooLargeError} from `httpRequest`; an abort
 *   rejects with `signal.reason`.
 */
export async function postFormOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: HttpRequestOptions,
): Promise<HttpResponse> {
  const send = () => httpRequest(url, { method: 'POST', headers, body, ...options });
  try {
    return await send();
  } catch (err) {
    if (err instanceof NetworkError && !err.maybeSent && !options.signal?.aborted)
      return await send();
    throw err;
  }
}

/**
 * Send the code exchange once ({@link postFormOnce}) and read the answer
 * ({@link interpretExchangeResponse}); a transport failure becomes a `FlowExchangeError`.
 *
 * @throws {FlowExchangeError} the server refused, answered badly, or could not be reached.
 */
export async function postCodeExchange(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: HttpRequestOptions,
): Promise<TokenResponse> {
  let res: HttpResponse;
  try {
    res = await postFormOnce(url, body, headers, options);
  } catch (err) {
    throw exchangeTransportError(err, url, options.signal);
  }
  return interpretExchangeResponse(res);
}

/** Wrap a transport failure of the code exchange (the abort reason passes through untouched). */
export function exchangeTransportError(
  err: unknown,
  url: string,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted && err === signal.reason) return err;
  if (!(err instanceof OAuth2Error)) return err;
  return new FlowExchangeError(
    `The code exchange with ${safeHost(url)} failed: ${err.message} The code was not retried (codes are single-use); start the authorization again.`,
    { code: err.code, cause: err, retryable: false },
  );
}
