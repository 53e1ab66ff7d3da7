import { OAuth2Error, type OAuth2ErrorOptions } from '../errors.js';

/**
 * Writing a credential store failed (`ENOSPC`, `EIO`, `EACCES`, `EROFS`...). `code` is the system
 * error code. The original file is unchanged and no temporary file is left behind.
 */
export class StorageWriteError extends OAuth2Error {
  static override readonly defaultCode = 'storage_write_failed';
  /** The file that could not be written. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}

/** A credential path names a directory. `code` is `EISDIR`. */
export class IsADirectoryError extends OAuth2Error {
  static override readonly defaultCode = 'EISDIR';
  /** The path that is a directory. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}

/**
 * A cross-process lock was lost while it was held (its lock directory was removed or replaced,
 * or it could not be refreshed within the stale threshold). Nothing is written after this is
 * detected; retry the operation.
 */
export class LockCompromisedError extends OAuth2Error {
  static override readonly defaultCode = 'lock_compromised';
  /** The file whose lock was lost. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}
