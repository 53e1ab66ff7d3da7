import type { AssertionCredentials } from '@oauth2/core';
import { type JsonSource, optionalString, parseExpiry } from './json-fields.js';

/** `{ keyId }` for makeSignedJwt, omitted when there is none (4.x omits `kid` for None). */
export function keyIdOption(keyId: string | null): { keyId?: string } {
  return keyId === null ? {} : { keyId };
}

/** The token state oauth2client restores: `invalid`, `access_token`, `token_expiry`. */
export function restoreState(
  credentials: AssertionCredentials,
  data: Record<string, unknown>,
  source: JsonSource,
): void {
  credentials.invalid = data.invalid === true;
  credentials.accessToken = optionalString(data, 'access_token', source);
  credentials.tokenExpiry = parseExpiry(data.token_expiry);
}
