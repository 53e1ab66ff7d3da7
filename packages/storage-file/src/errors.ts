/**
 * The errors @oauth2/storage-file throws are core's (`@oauth2/core/errors`): a file store is a
 * contract core owns. This is the closed union of their codes, to switch on.
 *
 * @module
 */

/**
 * Every `code` an error thrown by a `FileStorage` carries:
 * - `credentials_corrupt`: `CredentialsCorruptError`, the file is not a credential;
 * - `credentials_file_symlink`: `CredentialsFileSymbolicLinkError`, the file or its lock is a symlink;
 * - `insecure_credential_file`: `InsecureCredentialFileError`, the file is another user's or group/world-writable;
 * - `is_a_directory`: `IsADirectoryError`, the path is a directory;
 * - `lock_timeout`: `LockTimeoutError`, another process held the lock for `lockWaitMs`;
 * - `lock_compromised`: `LockCompromisedError`, the lock was lost; nothing written;
 * - `storage_write_failed`: `StorageWriteError`, the write failed (`systemCode` says why).
 */
export type FileStorageErrorCode =
  | 'credentials_corrupt'
  | 'credentials_file_symlink'
  | 'insecure_credential_file'
  | 'is_a_directory'
  | 'lock_timeout'
  | 'lock_compromised'
  | 'storage_write_failed';
