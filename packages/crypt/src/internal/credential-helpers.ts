import { type AssertionCredentials, parseExpiry } from '@oauth2/core';
import { ASSERTION_LIFETIME_SEC } from '../constants.js';
import { type JsonSource, jsonObject, optionalString } from './json-fields.js';

/** `{ keyId }` for makeSignedJwt, omitted when there is none (4.x omits `kid` for None). */
export function keyIdOption(keyId: string | null): { keyId?: string } {
  return keyId === null ? {} : { keyId };
}

/**
 * The token state oauth2client restores: `invalid`, `access_token`, `token_expiry` (core's one
 * expiry parser: an impossible date such as 30 February reads as no expiry, as in Python).
 */
export function restoreState(
  credentials: AssertionCredentials,
  data: Record<string, unknown>,
  source: JsonSource,
): void {
  credentials.invalid = data.invalid === true;
  credentials.accessToken = optionalString(data, 'access_token', source);
  credentials.tokenExpiry = parseExpiry(data.token_expiry);
}

/**
 * Rebuild a credential from oauth2client JSON: parse it, `build` the instance from the object,
 * restore its token state. The caller then calls its `retainJsonKeys(data)`.
 * @throws {ServiceAccountKeyError} not a JSON object, or a field of the wrong type.
 */
export function restoreFromJson<C extends AssertionCredentials>(
  json: string | Record<string, unknown>,
  where: string,
  build: (data: Record<string, unknown>, source: JsonSource) => C,
): { credentials: C; data: Record<string, unknown> } {
  const source = { where };
  const data = jsonObject(json, source);
  const credentials = build(data, source);
  restoreState(credentials, data, source);
  return { credentials, data };
}

/** The claims of an assertion for the token endpoint (1.5.2 and 4.1.3 order): extras last. */
export function assertionPayload(
  iat: number,
  fields: { aud: string | null; scope: string; iss: string },
  claims: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return {
    aud: fields.aud,
    scope: fields.scope,
    iat,
    exp: iat + ASSERTION_LIFETIME_SEC,
    iss: fields.iss,
    ...claims,
  };
}
