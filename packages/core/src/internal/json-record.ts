import { CredentialsCorruptError } from '../errors.js';
import { parseJson } from '../wire/parse-json.js';

/**
 * A credential JSON (text, UTF-8 bytes, or an already-parsed value) as an object.
 * @throws {CredentialsCorruptError} not JSON, or not an object (the bytes are never quoted).
 */
export function toJsonRecord(json: string | Uint8Array | object): Record<string, unknown> {
  let data: unknown = json;
  if (typeof json === 'string' || json instanceof Uint8Array) {
    try {
      data = parseJson(typeof json === 'string' ? json : Buffer.from(json).toString('utf8'));
    } catch {
      throw new CredentialsCorruptError(
        'Credential JSON is not valid JSON (or nests deeper than 64 levels); store the credential again.',
      );
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new CredentialsCorruptError(
      'Credential JSON is not a JSON object; store the credential again.',
    );
  }
  return data as Record<string, unknown>;
}
