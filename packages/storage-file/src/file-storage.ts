import { isUtf8 } from 'node:buffer';
import { dirname, resolve } from 'node:path';
import {
  type Clock,
  CredentialsCorruptError,
  type CredentialsRuntimeOptions,
  HeldLockStorage,
  type OAuth2Credentials,
  OAuth2Error,
  storedCredentialsFromJson,
} from '@oauth2/core';
import {
  type CredentialFs,
  checkCredentialPath,
  type HeldLock,
  LockedCredentialFile,
  syncDirectory,
} from '@oauth2/core/fs';
import lockfile from 'proper-lockfile';

/** Options of {@link FileStorage}. */
export interface FileStorageOptions {
  /** Wait at most this long for the lock, then throw `LockTimeoutError` (default 30 000 ms). */
  lockWaitMs?: number | undefined;
  /**
   * A lock not refreshed for this long belongs to a dead process and is taken over
   * (default 10 000 ms, minimum 2 000).
   */
  staleMs?: number | undefined;
  /** Create missing parent directories (mode 0700) on first use (default `true`). */
  createDirectories?: boolean | undefined;
  /** Passed to the credentials this storage rebuilds (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
  /** Clock for the `.corrupt-<timestamp>` names (default: the system clock). */
  clock?: Clock | undefined;
  /** File-system calls (default `node:fs/promises`); for tests that inject faults. */
  fs?: CredentialFs | undefined;
}

/**
 * One credential in one file, byte-compatible with `oauth2client.file.Storage`: the content is
 * exactly `credentials.toJson()`. Writes are atomic (temporary file, fsync, rename, directory
 * fsync) with mode 0600; symlinks and directories are refused; a cross-process lock
 * (`<file>.lock`, via proper-lockfile) plus an in-process queue serialize readers, writers and
 * token refreshes, and a lock left by a dead process is taken over once stale.
 *
 * A missing (or empty) file reads as `undefined`. A corrupt file throws
 * `CredentialsCorruptError`; the next `put` first keeps it as `<file>.corrupt-<timestamp>`.
 *
 * @example
 * import { FileStorage } from '@oauth2/storage-file';
 * const storage = new FileStorage(`${os.homedir()}/.config/my-app/credentials.json`);
 * const credentials = await storage.get(); // undefined until something was stored
 * if (credentials) {
 *   const res = await credentials.authorize()('https://www.googleapis.com/oauth2/v3/userinfo');
 * }
 */
export class FileStorage extends HeldLockStorage<HeldLock> {
  /** The absolute path of the credential file. */
  readonly path: string;
  readonly #file: LockedCredentialFile;
  readonly #credentialsOptions: CredentialsRuntimeOptions;

  /**
   * @param path - the credential file (created on the first `put`).
   * @param options - lock timing, directory creation, runtime options of loaded credentials.
   */
  constructor(path: string, options: FileStorageOptions = {}) {
    super();
    this.path = resolve(path);
    this.#credentialsOptions = options.credentialsOptions ?? {};
    this.#file = new LockedCredentialFile(this.path, {
      lockfile,
      fs: options.fs,
      clock: options.clock,
      createDirectories: options.createDirectories,
      ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }),
      ...(options.staleMs === undefined ? {} : { staleMs: options.staleMs }),
    });
  }

  /**
   * Take the cross-process lock. The path is checked first, so a symlink or a directory is
   * refused before any lock is taken.
   *
   * @throws {CredentialsFileSymbolicLinkError} the file or its `.lock` is a symlink.
   * @throws {IsADirectoryError} the path is a directory.
   * @throws {LockTimeoutError} the lock stayed busy for `lockWaitMs`.
   */
  protected override takeLock(): Promise<HeldLock> {
    return this.#file.lock();
  }

  /**
   * Read the credential (call while holding the lock).
   *
   * @throws {CredentialsCorruptError} the file is not a credential; the message names the path,
   *   never the content.
   * @throws {CredentialsFileSymbolicLinkError} the path is a symlink.
   * @throws {InsecureCredentialFileError} the file is owned by another user or writable by group
   *   or others (a file only readable by others is tightened to 0600 instead).
   */
  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    const bytes = await this.#file.read();
    if (bytes === undefined || bytes.length === 0) return undefined;
    const credentials = this.#decode(bytes);
    credentials.setStore(this, { loaded: true });
    return credentials;
  }

  /**
   * Write the credential (call while holding the lock). A corrupt file in the way is kept as
   * `<file>.corrupt-<timestamp>` first.
   *
   * @throws {StorageWriteError} the write failed (`ENOSPC`...); the file is unchanged.
   * @throws {LockCompromisedError} the lock was lost; nothing was written.
   */
  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    const json = credentials.toJson();
    await this.#keepIfCorrupt();
    await this.#file.write(json, this.heldLock);
  }

  /**
   * Delete the file (call while holding the lock); a missing file is fine.
   *
   * @throws {LockCompromisedError} the lock was lost; nothing was deleted.
   */
  override async lockedDelete(): Promise<void> {
    const fs = this.#file.fs;
    if ((await checkCredentialPath(this.path, fs)) === 'missing') return;
    this.heldLock?.assertHeld();
    try {
      await fs.unlink(this.path);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    await syncDirectory(fs, dirname(this.path));
  }

  #decode(bytes: Buffer): OAuth2Credentials {
    if (!isUtf8(bytes)) throw this.#corrupt('not UTF-8 text');
    const text = bytes.toString('utf8');
    try {
      return storedCredentialsFromJson(text, this.#credentialsOptions);
    } catch (err) {
      // Only the error's code: its message or cause may quote file content (a `_class` name...).
      throw this.#corrupt(err instanceof OAuth2Error ? err.code : 'not a credential');
    }
  }

  async #keepIfCorrupt(): Promise<void> {
    try {
      const bytes = await this.#file.read();
      if (bytes === undefined || bytes.length === 0) return;
      this.#decode(bytes);
    } catch (err) {
      // Too large or undecodable: keep it. Anything else (a symlink...) stops the put.
      if (!(err instanceof CredentialsCorruptError)) throw err;
      await this.#file.keepCorruptCopy();
    }
  }

  #corrupt(reason: string): CredentialsCorruptError {
    return new CredentialsCorruptError(
      `The credentials file ${this.path} is corrupt (${reason}). It was left as it is; store the ` +
        'credential again (the next put keeps the old file as <file>.corrupt-<timestamp>).',
      { location: this.path },
    );
  }
}
