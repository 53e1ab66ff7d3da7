/**
 * The errors @oauth2/storage-keyring throws are core's (`@oauth2/core/errors`): the keyring
 * contract is core's. This is the closed union of their codes, to switch on.
 *
 * @module
 */

/**
 * Every `code` an error thrown by a `KeyringStorage` carries:
 * - `keyring_unavailable`: `KeyringUnavailableError`, no usable keyring (no Secret Service, locked);
 * - `keyring_value_too_large`: `KeyringValueTooLargeError`, the value exceeds the backend's limit;
 * - `credentials_corrupt`: `CredentialsCorruptError`, the entry is not a credential.
 */
export type KeyringStorageErrorCode =
  | 'keyring_unavailable'
  | 'keyring_value_too_large'
  | 'credentials_corrupt';
