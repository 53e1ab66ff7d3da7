import type { Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import { CredentialsFileSymbolicLinkError } from '../errors.js';
import type { CredentialFs } from './file-system.js';
import { errnoOf, ioError, symlinkError } from './safe-read.js';

/**
 * Refuse a lock path that is not a lock directory (nothing there is fine).
 *
 * @returns what is there (for {@link AbandonedLockWatch.removeIfAbandoned}), or `undefined`.
 * @throws {CredentialsFileSymbolicLinkError} a symlink, or a file of another kind.
 * @throws {StorageWriteError} it cannot be inspected.
 */
export async function checkLockDirectory(
  fs: CredentialFs,
  lockPath: string,
): Promise<Stats | undefined> {
  let stats: Stats;
  try {
    stats = await fs.lstat(lockPath);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw ioError(`Cannot inspect ${lockPath}`, lockPath, err);
  }
  if (stats.isSymbolicLink()) throw symlinkError(lockPath);
  if (!stats.isDirectory()) {
    throw new CredentialsFileSymbolicLinkError(
      `${lockPath} exists and is not a lock directory; another program uses that name. ` +
        'Remove it if nothing is using it, then retry.',
    );
  }
  return stats;
}

/**
 * One waiter's watch on a lock directory, to take over one whose holder is gone.
 * proper-lockfile calls a lock stale when its mtime is older than `staleMs` by the wall clock,
 * and removes it with `rmdir`: a lock directory with an mtime in the future (a clock that was
 * ahead, a restored backup) would then block every write forever, and one that is not empty
 * could never be removed. So we also watch the directory ourselves: one whose identity and
 * mtime have not changed for `staleMs` by our own monotonic clock has no live holder (a holder
 * touches it every `staleMs / 2`), whatever its mtime says. It is renamed aside (atomic, so
 * two waiters cannot both remove it) and deleted recursively.
 */
export class AbandonedLockWatch {
  // What this waiter last saw of the directory, and since when (our monotonic clock, ms).
  #ino = -1;
  #mtimeMs = Number.NaN;
  #since = 0;

  constructor(
    private readonly fs: CredentialFs,
    private readonly lockPath: string,
    private readonly staleMs: number,
  ) {}

  /**
   * Look at the directory again (`stats`: what {@link checkLockDirectory} just returned for it,
   * `undefined` when it is gone); remove it if it has not changed for `staleMs`. Returns whether
   * it was removed.
   */
  async removeIfAbandoned(stats: Stats | undefined): Promise<boolean> {
    if (stats === undefined) return false; // gone: the next attempt takes it
    const now = performance.now();
    if (stats.ino !== this.#ino || stats.mtimeMs !== this.#mtimeMs) {
      this.#ino = stats.ino;
      this.#mtimeMs = stats.mtimeMs;
      this.#since = now;
      return false;
    }
    if (now - this.#since < this.staleMs) return false;
    const aside = `${this.lockPath}.abandoned-${nodeCrypto().randomBytes(6).toString('hex')}`;
    try {
      await this.fs.rename(this.lockPath, aside);
    } catch {
      return false; // another waiter moved it first, or it changed: look again
    }
    this.#ino = -1;
    await rm(aside, { recursive: true, force: true }).catch(() => undefined);
    return true;
  }
}

/** `node:crypto`, loaded on first use: a process that only reads files never pays for it. */
function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
