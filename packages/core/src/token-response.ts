import { z } from 'zod';
import { TokenResponseError } from './errors.js';
import { parseJsonLenient } from './internal/lenient-json.js';

/** A successful token endpoint response (RFC 6749 §5.1), validated. */
export interface TokenResponse {
  /** The access token; never empty. */
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

const nonEmptyString = z.string().min(1);
const expiresInSchema = z.union([
  z.number().finite().min(1).max(MAX_EXPIRES_IN),
  z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().min(1).max(MAX_EXPIRES_IN)),
]);

/** Field-by-field rules; each failure names the field and why, never the value. */
const FIELD_RULES: [field: string, schema: z.ZodType, why: string][] = [
  ['access_token', nonEmptyString, 'must be a non-empty string'],
  ['token_type', z.string().regex(/^bearer$/i), 'must be "Bearer"'],
  [
    'expires_in',
    expiresInSchema,
    `must be a whole number of seconds between 1 and ${MAX_EXPIRES_IN}`,
  ],
  ['refresh_token', nonEmptyString, 'must be a non-empty string'],
  ['id_token', nonEmptyString, 'must be a non-empty string (a JWT)'],
  ['scope', z.string(), 'must be a string'],
];

/**
 * Parse and validate a 2xx token endpoint response: JSON (Python's literals `NaN`/`Infinity`
 * tolerated so the bad field can be named), or `application/x-www-form-urlencoded` as
 * oauth2client accepted. `expires` becomes `expires_in` (oauth2client §3.3).
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
  if ('expires' in raw && !('expires_in' in raw)) {
    raw.expires_in = raw.expires;
    delete raw.expires;
  }
  if (raw.error !== undefined && raw.error !== null) {
    throw new TokenResponseError(
      `The token endpoint answered ${status} but the body carries an "error" field; treat it as a failed request.`,
      { field: 'error' },
    );
  }
  const out: Record<string, unknown> = {};
  for (const [field, schema, why] of FIELD_RULES) {
    const value = raw[field];
    if (value === undefined || (value === null && field !== 'access_token')) continue;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new TokenResponseError(`Token response field "${field}" ${why}.`, { field });
    }
    out[field] = parsed.data;
  }
  if (out.access_token === undefined) {
    throw new TokenResponseError(
      `The token endpoint answered ${status} without an "access_token".`,
      { field: 'access_token' },
    );
  }
  const result: TokenResponse = { accessToken: out.access_token as string, raw };
  if (out.token_type !== undefined) result.tokenType = out.token_type as string;
  if (out.refresh_token !== undefined) result.refreshToken = out.refresh_token as string;
  if (out.expires_in !== undefined) result.expiresIn = Math.floor(out.expires_in as number);
  if (out.id_token !== undefined) result.idToken = out.id_token as string;
  if (out.scope !== undefined) result.scope = out.scope as string;
  return result;
}

function decodeBody(
  status: number,
  body: string,
  contentType?: string | null,
): Record<string, unknown> {
  const trimmed = body.trim();
  const looksJson =
    trimmed.startsWith('{') || trimmed.startsWith('[') || /json/i.test(contentType ?? '');
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
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TokenResponseError(
      `The token endpoint answered ${status} with a body that is not a JSON object.`,
    );
  }
  return value as Record<string, unknown>;
}

function decodeForm(status: number, body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (k in out) {
      throw new TokenResponseError(
        `The token endpoint answered ${status} with a form body that repeats "${k}".`,
        { field: k },
      );
    }
    out[k] = v;
  }
  return out;
}

const errorBodySchema = z.object({
  error: z.string().optional().catch(undefined),
  error_description: z.string().optional().catch(undefined),
  error_uri: z.string().optional().catch(undefined),
});

/**
 * Read the RFC 6749 §5.2 error fields from a response body. Never throws: a body that is not a
 * JSON object, or fields that are not strings, give `{}` / leave the field out.
 *
 * @example
 * parseOAuthErrorBody('{"error":"invalid_grant"}'); // { error: 'invalid_grant' }
 */
export function parseOAuthErrorBody(body: string): OAuthErrorBody {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const parsed = errorBodySchema.safeParse(value);
  if (!parsed.success) return {};
  const out: OAuthErrorBody = {};
  if (parsed.data.error !== undefined) out.error = parsed.data.error;
  if (parsed.data.error_description !== undefined)
    out.errorDescription = parsed.data.error_description;
  if (parsed.data.error_uri !== undefined) out.errorUri = parsed.data.error_uri;
  return out;
}
