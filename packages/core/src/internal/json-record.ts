import { parseJsonObject } from '../wire/json-object.js';

/**
 * A credential JSON (text, UTF-8 bytes, or an already-parsed value) as an object.
 * @throws {CredentialsCorruptError} not JSON, or not an object (the bytes are never quoted).
 */
export function toJsonRecord(json: string | Uint8Array | object): Record<string, unknown> {
  return parseJsonObject(json);
}
