import { dirname } from 'node:path';
import type { Clock } from '../http/clock.js';
import { createDirectories, writeFileAtomic } from './atomic-write.js';
import { FileLock, type FileLockOptions, type HeldLock } from './file-lock.js';
import { type CredentialFs, nodeCredentialFs } from './file-system.js';
import { keepCorruptCopy } from './keep-copy.js';
import { checkCredentialPath, readCredentialFile } from './safe-read.js';

/** Options of {@link LockedCredentialFile}: the {@link FileLock} options, plus these. */
export interface LockedCredentialFileOptions extends Omit<FileLockOptions, 'fs'> {
  /** File-system calls (default `node:fs/promises`); for tests that inject faults. */
  fs?: CredentialFs | undefined;
  /** Clock for the `.corrupt-<timestamp>` names (default: the system clock). */
  clock?: Clock | undefined;
  /** Create missing parent directories (mode 0700) on lock and write (default `true`). */
  createDirectories?: boolean | undefined;
}

/**
 * A credential file behind a cross-process {@link FileLock}, with the chores every file store
 * does the same way: the path is checked (no symlink, no directory) before any lock is taken;
 * reads apply ssh's rule and tighten a file only readable by others to 0600; writes are atomic,
 * 0600, and check the lock is still held right before the rename; a corrupt file is kept aside
 * as `<file>.corrupt-<timestamp>`. The file's format is the store's business.
 *
 * @example
 * import lockfile from 'proper-lockfile';
 * const file = new LockedCredentialFile('/home/me/.creds.json', { lockfile });
 * const held = await file.lock();
 * try {
 *   const bytes = await file.read();
 *   await file.write(JSON.stringify({ updated: true }), held);
 * } finally {
 *   await held.release();
 * }
 */
export class LockedCredentialFile {
  /** The file. */
  readonly path: string;
  /** The file-system calls in use. */
  readonly fs: CredentialFs;
  readonly #lock: FileLock;
  readonly #clock: Clock | undefined;
  readonly #createDirectories: boolean;

  constructor(path: string, options: LockedCredentialFileOptions) {
    const { fs, clock, createDirectories: create, ...lock } = options;
    this.path = path;
    this.fs = fs ?? nodeCredentialFs;
    this.#clock = clock;
    this.#createDirectories = create ?? true;
    this.#lock = new FileLock(path, { ...lock, fs: this.fs });
  }

  /**
   * Check the path, create missing directories (when the file is missing), then take the lock.
   *
   * @throws {CredentialsFileSymbolicLinkError} the file or its lock is a symlink.
   * @throws {IsADirectoryError} the path is a directory.
   * @throws {LockTimeoutError} the lock stayed busy for `waitMs`.
   */
  async lock(): Promise<HeldLock> {
    const found = await checkCredentialPath(this.path, this.fs);
    // A file that is there has its directories: they are created only before a first write.
    if (this.#createDirectories && found === 'missing') {
      await createDirectories(this.fs, dirname(this.path));
    }
    return this.#lock.acquire();
  }

  /**
   * Read the file (hold the lock); `undefined` when it is missing.
   *
   * @throws {CredentialsCorruptError} the file is larger than `maxBytes` (default 4 MiB).
   * @throws {InsecureCredentialFileError} the file is owned by another user or writable by group
   *   or others.
   */
  read(maxBytes?: number): Promise<Buffer | undefined> {
    return readCredentialFile(this.path, {
      fs: this.fs,
      requirePrivate: true,
      tighten: true,
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
  }

  /**
   * Replace the file atomically with mode 0600 (hold the lock: `held` is checked right before
   * the rename). With `held`, the directory fsync runs when it is released (its `release()` waits
   * for it), outside the critical section; the directories were created by {@link lock}.
   *
   * @throws {LockCompromisedError} the lock was lost; nothing was written.
   * @throws {StorageWriteError} the write failed; the file is unchanged.
   */
  write(data: string | Uint8Array, held: HeldLock | undefined): Promise<void> {
    return writeFileAtomic(this.path, data, {
      mode: 0o600,
      createDirectories: this.#createDirectories && held === undefined,
      fs: this.fs,
      ...(held
        ? {
            beforeRename: () => held.assertHeld(),
            afterRename: (finish: () => Promise<void>) => held.afterRelease(finish),
          }
        : {}),
    });
  }

  /** Keep the file as `<file>.corrupt-<timestamp>` (hold the lock). */
  async keepCorruptCopy(): Promise<void> {
    await keepCorruptCopy(this.path, { now: (this.#clock ?? Date).now(), fs: this.fs });
  }
}
