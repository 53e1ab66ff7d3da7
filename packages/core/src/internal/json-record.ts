import { CredentialsCorruptError } from '../errors.js';

/**
 * A credential JSON (text, or an already-parsed value) as an object.
 * @throws {CredentialsCorruptError} not JSON, or not an object (the bytes are never quoted).
 */
export function toJsonRecord(json: string | object): Record<string, unknown> {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch {
      throw new CredentialsCorruptError(
        'Credential JSON is not valid JSON; store the credential again.',
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
