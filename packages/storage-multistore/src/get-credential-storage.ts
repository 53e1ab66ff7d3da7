import { scopesToString } from '@oauth2/core';
import { Multistore, type MultistoreOptions } from './multistore.js';
import type { MultistoreKey } from './multistore-key.js';
import type { MultistoreStorage } from './multistore-storage.js';

/**
 * The storage for a client id, user agent and scope: the legacy key `{ clientId, userAgent,
 * scope }` of oauth2client's `get_credential_storage` (a scope list is joined with spaces, in the
 * given order). It addresses the same entry as an equal custom key.
 *
 * @throws Nothing itself; errors come from the returned storage's operations.
 * @example
 * const storage = getCredentialStorage('~/.creds.json', clientId, 'my-app/1.0', ['email']);
 * const credentials = await storage.get();
 */
export function getCredentialStorage(
  path: string,
  clientId: string,
  userAgent: string | null,
  scope: string | Iterable<string>,
  options: MultistoreOptions = {},
): MultistoreStorage {
  return new Multistore(path, options).storage({
    clientId,
    userAgent,
    scope: scopesToString(scope),
  });
}

/**
 * The storage for a string key (`{ key }` in the file; also the key of a 4.x
 * `multiprocess_file_storage` file).
 *
 * @example
 * const storage = getCredentialStorageCustomStringKey('~/.creds.json', 'work-account');
 */
export function getCredentialStorageCustomStringKey(
  path: string,
  key: string,
  options: MultistoreOptions = {},
): MultistoreStorage {
  return new Multistore(path, options).storage({ key });
}

/**
 * The storage for a custom key object. Property order does not matter.
 *
 * @throws {MultistoreKeyError} the key is empty or holds a non-primitive value.
 * @example
 * const storage = getCredentialStorageCustomKey('~/.creds.json', { user: 'ann', app: 'cli' });
 */
export function getCredentialStorageCustomKey(
  path: string,
  key: MultistoreKey,
  options: MultistoreOptions = {},
): MultistoreStorage {
  return new Multistore(path, options).storage(key);
}

/**
 * Every key stored in the file, in file order; `[]` for a missing file.
 *
 * @throws {CredentialsCorruptError} the file is corrupt (and `repair` is off).
 * @throws {NewerCredentialStoreError} the file has a newer `file_version`.
 * @example
 * for (const key of await getAllCredentialKeys('~/.creds.json')) console.log(key);
 */
export function getAllCredentialKeys(
  path: string,
  options: MultistoreOptions = {},
): Promise<MultistoreKey[]> {
  return new Multistore(path, options).keys();
}
