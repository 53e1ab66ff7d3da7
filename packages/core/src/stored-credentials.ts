import { Credentials, type CredentialsRuntimeOptions } from './credentials.js';
import { UnknownCredentialsTypeError } from './errors.js';
import { OAuth2Credentials } from './oauth2-credentials.js';

/**
 * Rebuild a stored credential (JSON written by `toJson()` or by oauth2client) as the
 * {@link OAuth2Credentials} every storage yields: {@link Credentials.newFromJson}, then a check
 * that the class is one a storage can hold (every registered storable class is one).
 *
 * @throws {CredentialsCorruptError} not JSON, not an object, or a field of the wrong type.
 * @throws {UnknownCredentialsTypeError} no class registered for `_module`/`_class`, or one that
 *   is not an OAuth2 credential.
 * @example
 * const credentials = storedCredentialsFromJson(await readFile(path, 'utf8'), { fetch });
 * const { accessToken } = await credentials.getAccessToken();
 */
export function storedCredentialsFromJson(
  json: string | Uint8Array | object,
  options: CredentialsRuntimeOptions = {},
): OAuth2Credentials {
  const credentials = Credentials.newFromJson(json, options);
  if (!(credentials instanceof OAuth2Credentials)) {
    throw new UnknownCredentialsTypeError(
      `A ${credentials.constructor.name} cannot be stored: storages hold OAuth2 credentials.`,
    );
  }
  return credentials;
}
