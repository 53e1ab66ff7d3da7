import { CredentialsCorruptError } from '../errors.js';
import { formatExpiry, parseExpiry } from '../wire/expiry.js';
import { REDACTED, redact } from './redact.js';

/** A field check: true when the value has the field's type (`null`/`undefined` always pass). */
type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const obj: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Hand-checked rather than a schema: loading a stored credential is on every cold start. */
const FIELDS: Record<string, Check> = {
  access_token: str,
  client_id: str,
  client_secret: str,
  refresh_token: str,
  token_uri: str,
  user_agent: str,
  revoke_uri: str,
  id_token: obj,
  id_token_jwt: str,
  token_response: obj,
  scopes: (v) =>
    typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')),
  token_info_uri: str,
  invalid: (v) => typeof v === 'boolean',
};

/** The OAuth2Credentials fields of a stored credential, validated. */
export interface OAuth2JsonFields {
  accessToken: string | null;
  clientId: string | null;
  clientSecret: string | null;
  refreshToken: string | null;
  tokenExpiry: Date | null;
  tokenUri: string | null;
  userAgent: string | null;
  revokeUri: string | null;
  idToken: Record<string, unknown> | null;
  idTokenJwt: string | null;
  tokenResponse: Record<string, unknown> | null;
  scopes: string[] | string | null;
  tokenInfoUri: string | null;
  invalid: boolean;
}

/**
 * Read the OAuth2Credentials keys of a credential JSON object (spec §1.3). Missing keys read as
 * null (oauth2client 1.5.2 and 4.x wrote different key sets); an unparseable `token_expiry` reads
 * as "no expiry", as in Python.
 *
 * @throws {CredentialsCorruptError} a key holds the wrong type (named; the value is not shown).
 */
export function readOAuth2JsonFields(data: Record<string, unknown>): OAuth2JsonFields {
  const v: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(FIELDS)) {
    const value = Object.hasOwn(data, key) ? data[key] : undefined;
    if (value !== null && value !== undefined && !check(value)) {
      throw new CredentialsCorruptError(
        `Stored credential key "${key}" has the wrong type; store the credential again.`,
      );
    }
    v[key] = value ?? null;
  }
  return {
    accessToken: v.access_token as string | null,
    clientId: v.client_id as string | null,
    clientSecret: v.client_secret as string | null,
    refreshToken: v.refresh_token as string | null,
    tokenExpiry: parseExpiry(data.token_expiry),
    tokenUri: v.token_uri as string | null,
    userAgent: v.user_agent as string | null,
    revokeUri: v.revoke_uri as string | null,
    idToken: v.id_token as Record<string, unknown> | null,
    idTokenJwt: v.id_token_jwt as string | null,
    tokenResponse: v.token_response as Record<string, unknown> | null,
    scopes: v.scopes as string[] | string | null,
    tokenInfoUri: v.token_info_uri as string | null,
    invalid: (v.invalid as boolean | null) ?? false,
  };
}

/** The same fields with `scopes` as the credential holds them (a set). */
export type OAuth2FieldValues = Omit<OAuth2JsonFields, 'scopes'> & { scopes: Set<string> };

/** The 4.1.3 `OAuth2Credentials` key set, in Python write order (spec §1.3). */
export function writeOAuth2JsonFields(f: OAuth2FieldValues): Record<string, unknown> {
  return {
    access_token: f.accessToken,
    client_id: f.clientId,
    client_secret: f.clientSecret,
    refresh_token: f.refreshToken,
    token_expiry: f.tokenExpiry ? formatExpiry(f.tokenExpiry) : null,
    token_uri: f.tokenUri,
    user_agent: f.userAgent,
    revoke_uri: f.revokeUri,
    id_token: f.idToken,
    id_token_jwt: f.idTokenJwt,
    token_response: f.tokenResponse,
    scopes: [...f.scopes],
    token_info_uri: f.tokenInfoUri,
    invalid: f.invalid,
  };
}

/** The redacted view of the fields: what inspect and `JSON.stringify` show (adversarial Z2). */
export function redactOAuth2Fields(
  f: OAuth2FieldValues,
  otherKeys: string[],
): Record<string, unknown> {
  return {
    accessToken: redact(f.accessToken),
    clientId: f.clientId,
    clientSecret: redact(f.clientSecret),
    refreshToken: redact(f.refreshToken),
    tokenExpiry: f.tokenExpiry ? formatExpiry(f.tokenExpiry) : null,
    tokenUri: f.tokenUri,
    userAgent: f.userAgent,
    revokeUri: f.revokeUri,
    idToken: redact(f.idToken),
    idTokenJwt: redact(f.idTokenJwt),
    tokenResponse: redact(f.tokenResponse),
    scopes: [...f.scopes],
    tokenInfoUri: f.tokenInfoUri,
    invalid: f.invalid,
    ...(otherKeys.length > 0 && {
      otherKeys: Object.fromEntries(otherKeys.map((k) => [k, REDACTED])),
    }),
  };
}
