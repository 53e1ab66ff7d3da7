import { CredentialsCorruptError, OAuth2Error, type OAuth2ErrorOptions } from '@oauth2/core';
import type { MultistoreKey } from './multistore-key.js';

/**
 * Every `code` an @oauth2/storage-multistore error carries (a closed union: switch on it):
 * - `multistore_key_invalid`: {@link MultistoreKeyError}, a key that cannot be used;
 * - `credentials_corrupt`: {@link MultistoreEntryCorruptError} (one entry) or core's
 *   `CredentialsCorruptError` (the whole file);
 * - `newer_credential_store`: core's `NewerCredentialStoreError`, a `file_version` above 2;
 * - core's file errors: `lock_timeout`, `lock_compromised`, `credentials_file_symlink`,
 *   `is_a_directory`, `storage_write_failed`.
 */
export type MultistoreErrorCode =
  | 'multistore_key_invalid'
  | 'credentials_corrupt'
  | 'newer_credential_store'
  | 'lock_timeout'
  | 'lock_compromised'
  | 'credentials_file_symlink'
  | 'is_a_directory'
  | 'storage_write_failed';

/**
 * One entry of a multistore file cannot be decoded (bad base64, not a credential...). The other
 * entries stay readable; `put` or `delete` on this key replaces or removes the bad entry.
 */
export class MultistoreEntryCorruptError extends CredentialsCorruptError {
  /** The key of the entry that cannot be decoded (keys hold no secrets). */
  readonly key: MultistoreKey;
  constructor(
    message: string,
    options: OAuth2ErrorOptions & { location?: string; key: MultistoreKey },
  ) {
    super(message, options);
    this.key = options.key;
  }
}

/**
 * A key cannot be used: it is empty, holds a non-primitive value, or cannot be stored in the
 * file's format (an oauth2client 4.x `file_version: 2` file only holds string keys).
 */
export class MultistoreKeyError extends OAuth2Error {
  static override readonly defaultCode = 'multistore_key_invalid';
  declare readonly code: 'multistore_key_invalid';
}
