import { TokenResponseError } from '../errors.js';
import { parseJsonLenient } from './lenient-json.js';
import { isJsonObject, jsonNestingDepth, MAX_JSON_DEPTH } from './parse-json.js';

/** A successful token endpoint response (RFC 6749 §5.1), validated. */
export interface TokenResponse {
  /** The access token; never empty, only RFC 6750 §2.1 `b64token` characters. */
  accessToken: string;
  /** `token_type` as sent (`Bearer`, any case); absent when the server omitted it. */
  tokenType?: string;
  /** A new refresh token, when the server issued (or rotated) one. */
  refreshToken?: string;
  /** Lifetime in whole seconds (> 0). `expires` (Facebook's spelling) is accepted too. */
  expiresIn?: number;
  /** The raw ID token JWT, not decoded and not verified. */
  idToken?: string;
  /** Granted scopes, space-separated. */
  scope?: string;
  /** The whole decoded body, `expires` renamed to `expires_in`, as oauth2client stores it. */
  raw: Record<string, unknown>;
}

/** The error fields of an RFC 6749 §5.2 error response. */
export interface OAuthErrorBody {
  error?: string;
  errorDescription?: string;
  errorUri?: string;
}

/** Largest accepted `expires_in`: about 68 years. Larger values are bugs or attacks. */
const MAX_EXPIRES_IN = 2 ** 31 - 1;

/**
 * RFC 6750 §2.1 `b64token`: the only characters `Authorization: Bearer <token>` may carry. A
 * token outside it could not be sent (or would smuggle a header), so it is refused on arrival.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** A field check: the parsed value, or `undefined` when the value is unacceptable. */
type Check = (value: unknown) => unknown;

const nonEmptyString: Check = (v) => (typeof v === 'string' && v.length > 0 ? v : undefined);

function expiresIn(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 && n <= MAX_EXPIRES_IN
    ? Math.floor(n)
    : undefined;
}

/** Field-by-field rules; each failure names the field and why, never the value. */
const FIELD_RULES: [field: keyof typeof OUT_NAMES, check: Check, why: string][] = [
  [
    'access_token',
    (v) => (typeof v === 'string' && B64TOKEN.test(v) ? v : undefined),
    'must be a non-empty string of RFC 6750 token characters (A-Z a-z 0-9 - . _ ~ + / =)',
  ],
  [
    'token_type',
    (v) => (typeof v === 'string' && /^bearer$/i.test(v) ? v : undefined),
    'must be "Bearer"',
  ],
  ['expires_in', expiresIn, `must be a whole number of seconds between 1 and ${MAX_EXPIRES_IN}`],
  ['refresh_token', nonEmptyString, 'must be a non-empty string'],
  ['id_token', nonEmptyString, 'must be a non-empty string (a JWT)'],
  ['scope', (v) => (typeof v === 'string' ? v : undefined), 'must be a string'],
];

/** Wire name → {@link TokenResponse} property. */
const OUT_NAMES = {
  access_token: 'accessToken',
  token_type: 'tokenType',
  expires_in: 'expiresIn',
  refresh_token: 'refreshToken',
  id_token: 'idToken',
  scope: 'scope',
} as const;

/**
 * Parse and validate a 2xx token endpoint response: JSON (Python's literals `NaN`/`Infinity`
 * tolerated so the bad field can be named; nesting deeper than {@link MAX_JSON_DEPTH} refused),
 * or `application/x-www-form-urlencoded` as oauth2client accepted. `expires` becomes
 * `expires_in` (oauth2client §3.3). A hand-written parser rather than a schema library: it runs
 * on every token refresh, and a short-lived process should not load a validator for six fields.
 *
 * @param status - the HTTP status (only used in messages).
 * @param body - the response body as text.
 * @param contentType - the `Content-Type` header, when known.
 * @throws {TokenResponseError} `code: 'invalid_token_response'`; `field` names the bad field
 *   (`access_token`, `token_type`, `expires_in`, `error`...); the message never quotes values.
 * @example
 * const tokens = parseTokenResponse(200, '{"access_token":"ya29.x","expires_in":3599}', 'application/json');
 * tokens.expiresIn; // 3599
 */
export function parseTokenResponse(
  status: number,
  body: string,
  contentType?: string | null,
): TokenResponse {
  const raw = decodeBody(status, body, contentType);
  if (Object.hasOwn(raw, 'expires') && !Object.hasOwn(raw, 'expires_in')) {
    setOwn(raw, 'expires_in', raw.expires);
    delete raw.expires;
  }
  const error = Object.hasOwn(raw, 'error') ? raw.error : undefined;
  if (error !== undefined && error !== null) {
    throw new TokenResponseError(
      `The token endpoint answered ${status} but the body carries an "error" field; treat it as a failed request.`,
      { field: 'error' },
    );
  }
  const result: Partial<Record<(typeof OUT_NAMES)[keyof typeof OUT_NAMES], unknown>> = {};
  for (const [field, check, why] of FIELD_RULES) {
    const value = Object.hasOwn(raw, field) ? raw[field] : undefined;
    if (value === undefined || (value === null && field !== 'access_token')) continue;
    const parsed = check(value);
    if (parsed === undefined) {
      throw new TokenResponseError(`Token response field "${field}" ${why}.`, { field });
    }
    result[OUT_NAMES[field]] = parsed;
  }
  if (result.accessToken === undefined) {
    throw new TokenResponseError(
      `The token endpoint answered ${status} without an "access_token".`,
      { field: 'access_token' },
    );
  }
  return { ...(result as Omit<TokenResponse, 'raw'>), raw };
}

function decodeBody(
  status: number,
  body: string,
  contentType?: string | null,
): Record<string, unknown> {
  const trimmed = body.trim();
  const looksJson =
    trimmed.startsWith('{') || trimmed.startsWith('[') || /json/i.test(contentType ?? '');
  if (looksJson && jsonNestingDepth(trimmed, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new TokenResponseError(
      `The token endpoint answered ${status} with JSON nested deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  }
  let value: unknown;
  try {
    value = parseJsonLenient(trimmed);
  } catch {
    if (looksJson || !trimmed.includes('=')) {
      throw new TokenResponseError(
        `The token endpoint answered ${status} with a body that is neither JSON nor form-encoded.`,
      );
    }
    return decodeForm(status, trimmed);
  }
  if (!isJsonObject(value)) {
    throw new TokenResponseError(
      `The token endpoint answered ${status} with a body that is not a JSON object.`,
    );
  }
  return value;
}

/** Form keys are data: `constructor` or `__proto__` become own properties like any other key. */
function decodeForm(status: number, body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (Object.hasOwn(out, k)) {
      throw new TokenResponseError(
        `The token endpoint answered ${status} with a form body that repeats "${safeKey(k)}".`,
        { field: safeKey(k) },
      );
    }
    setOwn(out, k, v);
  }
  return out;
}

/** A form key quoted in a message: printable ASCII field names only, else a placeholder. */
function safeKey(key: string): string {
  return /^[\w.-]{1,64}$/.test(key) ? key : '(unnamed field)';
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Read the RFC 6749 §5.2 error fields from a response body. Never throws: a body that is not a
 * JSON object (or nests deeper than {@link MAX_JSON_DEPTH}), or fields that are not strings, give
 * `{}` / leave the field out.
 *
 * @example
 * parseOAuthErrorBody('{"error":"invalid_grant"}'); // { error: 'invalid_grant' }
 */
export function parseOAuthErrorBody(body: string): OAuthErrorBody {
  if (jsonNestingDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return {};
  }
  if (!isJsonObject(value)) return {};
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = Object.hasOwn(record, key) ? record[key] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const out: OAuthErrorBody = {};
  const error = text('error');
  const errorDescription = text('error_description');
  const errorUri = text('error_uri');
  if (error !== undefined) out.error = error;
  if (errorDescription !== undefined) out.errorDescription = errorDescription;
  if (errorUri !== undefined) out.errorUri = errorUri;
  return out;
}
