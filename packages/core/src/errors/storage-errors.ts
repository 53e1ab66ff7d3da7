import { errorClass, LocatedError, OAuth2Error } from './oauth2-error.js';

/** A stored credential could not be decoded. The message names the location, never the bytes. */
export class CredentialsCorruptError extends errorClass(
  LocatedError,
  'credentials_corrupt' as string,
) {}

/** A storage lock could not be acquired within the wait budget. */
export class LockTimeoutError extends errorClass(LocatedError, 'lock_timeout', {
  /** How long we waited, in milliseconds. */
  waitedMs: undefined as number | undefined,
}) {}

/**
 * A cross-process lock was lost while it was held (its lock directory was removed or replaced,
 * or it could not be refreshed within the stale threshold). Nothing is written after this is
 * detected; retry the operation.
 */
export class LockCompromisedError extends errorClass(LocatedError, 'lock_compromised') {}

/** A credentials file is a symbolic link (or not a regular file); it is refused. */
export class CredentialsFileSymbolicLinkError extends errorClass(
  LocatedError,
  'credentials_file_symlink',
) {}

/** A credential path names a directory. */
export class IsADirectoryError extends errorClass(LocatedError, 'is_a_directory') {}

/**
 * Writing a credential store failed (disk full, permissions, read-only file system...).
 * `systemCode` is the system error (`ENOSPC`, `EACCES`, `EROFS`...). The original file is
 * unchanged and no temporary file is left behind.
 */
export class StorageWriteError extends errorClass(LocatedError, 'storage_write_failed', {
  /** The system error code (`ENOSPC`, `EACCES`...), when there was one. */
  systemCode: undefined as string | undefined,
}) {}

/**
 * A credential file or store is owned by another user, or writable by group or others (ssh's
 * rule for private keys). The message says how to fix it (`chown`, `chmod 600`).
 *
 * @example
 * // chmod 666 ~/.credentials.json, then:
 * await storage.get(); // throws InsecureCredentialFileError
 */
export class InsecureCredentialFileError extends errorClass(
  LocatedError,
  'insecure_credential_file',
) {}

/** A credential store was written by a newer version of the format than this one reads. */
export class NewerCredentialStoreError extends errorClass(LocatedError, 'newer_credential_store') {}

/** No usable OS keyring (no backend, no Secret Service, locked collection...). */
export class KeyringUnavailableError extends errorClass(OAuth2Error, 'keyring_unavailable') {}

/**
 * A credential is too large for the platform's keyring (Windows Credential Manager holds 2 560
 * bytes). It is refused before anything is written, so the stored entry is unchanged.
 */
export class KeyringValueTooLargeError extends errorClass(OAuth2Error, 'keyring_value_too_large', {
  /** Size of the value, in the backend's unit (bytes). */
  size: 0,
  /** The backend's limit. */
  limit: 0,
}) {}
