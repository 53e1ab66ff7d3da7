import {
  LocatedError,
  type LocatedErrorOptions,
  OAuth2Error,
  type OAuth2ErrorOptions,
} from './oauth2-error.js';

/** A stored credential could not be decoded. The message names the location, never the bytes. */
export class CredentialsCorruptError extends LocatedError {
  static override readonly defaultCode: string = 'credentials_corrupt';
}

/** A storage lock could not be acquired within the wait budget. */
export class LockTimeoutError extends LocatedError {
  static override readonly defaultCode: string = 'lock_timeout';
  declare readonly code: 'lock_timeout';
  /** How long we waited, in milliseconds. */
  readonly waitedMs: number | undefined;
  constructor(message: string, options: LocatedErrorOptions & { waitedMs?: number } = {}) {
    super(message, options);
    this.waitedMs = options.waitedMs;
  }
}

/**
 * A cross-process lock was lost while it was held (its lock directory was removed or replaced,
 * or it could not be refreshed within the stale threshold). Nothing is written after this is
 * detected; retry the operation.
 */
export class LockCompromisedError extends LocatedError {
  static override readonly defaultCode: string = 'lock_compromised';
  declare readonly code: 'lock_compromised';
}

/** A credentials file is a symbolic link (or not a regular file); it is refused. */
export class CredentialsFileSymbolicLinkError extends LocatedError {
  static override readonly defaultCode: string = 'credentials_file_symlink';
  declare readonly code: 'credentials_file_symlink';
}

/** A credential path names a directory. */
export class IsADirectoryError extends LocatedError {
  static override readonly defaultCode: string = 'is_a_directory';
  declare readonly code: 'is_a_directory';
}

/**
 * Writing a credential store failed (disk full, permissions, read-only file system...).
 * `systemCode` is the system error (`ENOSPC`, `EACCES`, `EROFS`...). The original file is
 * unchanged and no temporary file is left behind.
 */
export class StorageWriteError extends LocatedError {
  static override readonly defaultCode: string = 'storage_write_failed';
  declare readonly code: 'storage_write_failed';
  /** The system error code (`ENOSPC`, `EACCES`...), when there was one. */
  readonly systemCode: string | undefined;
  constructor(message: string, options: LocatedErrorOptions & { systemCode?: string } = {}) {
    super(message, options);
    this.systemCode = options.systemCode;
  }
}

/**
 * A credential file or store is owned by another user, or writable by group or others (ssh's
 * rule for private keys). The message says how to fix it (`chown`, `chmod 600`).
 *
 * @example
 * // chmod 666 ~/.credentials.json, then:
 * await storage.get(); // throws InsecureCredentialFileError
 */
export class InsecureCredentialFileError extends LocatedError {
  static override readonly defaultCode: string = 'insecure_credential_file';
  declare readonly code: 'insecure_credential_file';
}

/** A credential store was written by a newer version of the format than this one reads. */
export class NewerCredentialStoreError extends LocatedError {
  static override readonly defaultCode: string = 'newer_credential_store';
  declare readonly code: 'newer_credential_store';
}

/** No usable OS keyring (no backend, no Secret Service, locked collection...). */
export class KeyringUnavailableError extends OAuth2Error {
  static override readonly defaultCode: string = 'keyring_unavailable';
  declare readonly code: 'keyring_unavailable';
}

/**
 * A credential is too large for the platform's keyring (Windows Credential Manager holds 2 560
 * bytes). It is refused before anything is written, so the stored entry is unchanged.
 */
export class KeyringValueTooLargeError extends OAuth2Error {
  static override readonly defaultCode: string = 'keyring_value_too_large';
  declare readonly code: 'keyring_value_too_large';
  /** Size of the value, in the backend's unit (bytes). */
  readonly size: number;
  /** The backend's limit. */
  readonly limit: number;
  constructor(message: string, options: OAuth2ErrorOptions & { size: number; limit: number }) {
    super(message, options);
    this.size = options.size;
    this.limit = options.limit;
  }
}
