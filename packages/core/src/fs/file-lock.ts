import type { Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import {
  CredentialsFileSymbolicLinkError,
  LockCompromisedError,
  LockTimeoutError,
} from '../errors.js';
import { AsyncMutex } from '../sync/mutex.js';
import { type CredentialFs, nodeCredentialFs } from './file-system.js';
import { LockQueue, type QueueTicket } from './internal/lock-queue.js';
import { errnoOf, ioError, symlinkError } from './safe-read.js';

/**
 * The `proper-lockfile` API this lock drives (pass `import lockfile from 'proper-lockfile'`).
 * Core does not depend on it; storages that lock files do, and hand it in.
 */
export interface LockfileApi {
  lock(
    file: string,
    options: {
      realpath: boolean;
      stale: number;
      retries: number;
      onCompromised: (err: Error) => void;
      lockfilePath?: string;
    },
  ): Promise<() => Promise<void>>;
}

/** Options for {@link FileLock}. */
export interface FileLockOptions {
  /** The `proper-lockfile` module. */
  lockfile: LockfileApi;
  /** The lock directory (default `<file>.lock`). */
  lockPath?: string;
  /** Give up waiting after this many ms with `LockTimeoutError` (default 30 000). */
  waitMs?: number;
  /**
   * A lock not refreshed for this long is stale: its holder died, and it is taken over
   * (default 10 000, minimum 2 000). The holder refreshes it every `staleMs / 2`. A lock
   * directory that a waiter sees unchanged for this long by its own clock is taken over too, even
   * with an mtime in the future or files inside (it is then removed recursively).
   */
  staleMs?: number;
  /** Back-off between attempts: jittered, growing from `minDelayMs` by `factor` up to `maxDelayMs`. */
  retry?: { minDelayMs?: number; maxDelayMs?: number; factor?: number };
  /** File-system calls used to inspect the lock path (default `node:fs/promises`). */
  fs?: CredentialFs;
  /**
   * First come, first served across processes (default `true`): a writer that finds others
   * waiting queues behind them (ticket files in `<lockPath>.queue/`, removed when the last
   * writer leaves) and only the oldest polls the lock. `false`: every waiter polls the lock.
   */
  fair?: boolean;
}

/** A lock this process holds. */
export interface HeldLock {
  /** Set when the lock was lost while held (its directory removed, replaced or not refreshable). */
  readonly compromised: LockCompromisedError | undefined;
  /** Throws {@link LockCompromisedError} if the lock was lost; call it right before committing. */
  assertHeld(): void;
  /** Release the lock (idempotent). */
  release(): Promise<void>;
}

/**
 * A cross-process lock on a file (a `<file>.lock` directory managed by `proper-lockfile`, with
 * `realpath: false` so that links are never followed) combined with an in-process mutex, so that
 * tasks of one process queue instead of polling. Waiting is bounded by a wall-clock deadline with
 * jittered back-off; a lock whose holder died is taken over once stale; a lock lost while held is
 * reported through {@link HeldLock.compromised} instead of crashing the process.
 *
 * @example
 * import lockfile from 'proper-lockfile';
 * const lock = new FileLock('/home/me/.credentials.json', { lockfile });
 * const held = await lock.acquire();
 * try {
 *   // read, modify, then held.assertHeld() right before the rename
 * } finally {
 *   await held.release();
 * }
 */
export class FileLock {
  /** The locked file. */
  readonly path: string;
  /** The lock directory (`<path>.lock` unless chosen). */
  readonly lockPath: string;
  readonly #options: Required<Omit<FileLockOptions, 'retry' | 'lockPath' | 'fair'>> & {
    minDelayMs: number;
    maxDelayMs: number;
    factor: number;
  };
  readonly #mutex = new AsyncMutex();
  readonly #queue: LockQueue | undefined;

  constructor(path: string, options: FileLockOptions) {
    this.path = path;
    this.lockPath = options.lockPath ?? `${path}.lock`;
    this.#options = {
      lockfile: options.lockfile,
      waitMs: options.waitMs ?? 30_000,
      staleMs: Math.max(options.staleMs ?? 10_000, 2_000),
      fs: options.fs ?? nodeCredentialFs,
      minDelayMs: options.retry?.minDelayMs ?? 20,
      maxDelayMs: options.retry?.maxDelayMs ?? 250,
      factor: options.retry?.factor ?? 1.3,
    };
    this.#queue =
      options.fair === false ? undefined : new LockQueue(this.lockPath, this.#options.staleMs);
  }

  /**
   * Wait for the lock, at most `waitMs` in all (in-process queue included).
   *
   * @throws {LockTimeoutError} the lock stayed busy for `waitMs`.
   * @throws {CredentialsFileSymbolicLinkError} `<file>.lock` is a symlink or a plain file.
   * @throws {StorageWriteError} the lock directory could not be created (`EACCES`...).
   */
  async acquire(): Promise<HeldLock> {
    const started = Date.now();
    const deadline = started + this.#options.waitMs;
    const releaseMutex = await this.#waitForMutex(deadline, started);
    try {
      return await this.#acquireFileLock(deadline, started, releaseMutex);
    } catch (err) {
      releaseMutex();
      throw err;
    }
  }

  async #waitForMutex(deadline: number, started: number): Promise<() => void> {
    const release = await this.#mutex.acquireUntil(deadline);
    if (release) return release;
    throw this.#timeout(started);
  }

  async #acquireFileLock(
    deadline: number,
    started: number,
    releaseMutex: () => void,
  ): Promise<HeldLock> {
    const queue = this.#queue;
    // Writers already waiting: queue behind them instead of racing them for the lock.
    let ticket = queue && (await queue.busy()) ? await queue.join() : undefined;
    try {
      return await this.#pollFileLock(
        deadline,
        started,
        releaseMutex,
        () => ticket,
        async () => {
          ticket ??= await queue?.join();
        },
      );
    } finally {
      await ticket?.leave();
    }
  }

  async #pollFileLock(
    deadline: number,
    started: number,
    releaseMutex: () => void,
    ticket: () => QueueTicket | undefined,
    joinQueue: () => Promise<void>,
  ): Promise<HeldLock> {
    const { lockfile, staleMs, minDelayMs, maxDelayMs, factor } = this.#options;
    const state: { compromised: LockCompromisedError | undefined } = { compromised: undefined };
    const watch: LockWatch = { ino: -1, mtimeMs: Number.NaN, since: 0 };
    for (let attempt = 0; ; attempt++) {
      const queued = ticket();
      if (queued && !(await queued.isHead())) {
        // Not our turn: look at the queue again shortly.
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw this.#timeout(started);
        await sleep(Math.min(remaining, QUEUE_CHECK_MS * (1 + Math.random())));
        continue;
      }
      await this.#checkLockPath();
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(this.path, {
          realpath: false,
          lockfilePath: this.lockPath,
          stale: staleMs,
          retries: 0,
          onCompromised: (err) => {
            state.compromised ??= new LockCompromisedError(
              `The lock on ${this.path} was lost while held (${errnoOf(err) ?? 'compromised'}: ` +
                'its lock directory was removed, replaced or could not be refreshed in time). ' +
                'Nothing more is written under it; retry the operation.',
              { location: this.path },
            );
          },
        });
      } catch (err) {
        const code = errnoOf(err);
        // ENOTEMPTY/EEXIST: proper-lockfile found the lock stale but could not rmdir it.
        if (code !== 'ELOCKED' && code !== 'ENOTEMPTY' && code !== 'EEXIST')
          throw ioError(`Cannot lock ${this.path}`, this.lockPath, err);
        if (await this.#removeIfAbandoned(watch)) continue;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw this.#timeout(started);
        await joinQueue();
        // At the head of the queue we poll alone, so quickly; without a queue, as the `retry`
        // module does: jitter ×[1, 2), then the cap.
        const delay = ticket()
          ? HEAD_POLL_MS * (1 + Math.random())
          : Math.min(maxDelayMs, minDelayMs * factor ** attempt * (1 + Math.random()));
        await sleep(Math.min(remaining, delay));
        continue;
      }
      return heldLock(state, release, releaseMutex);
    }
  }

  /**
   * proper-lockfile calls a lock stale when its mtime is older than `staleMs` by the wall clock,
   * and removes it with `rmdir`: a lock directory with an mtime in the future (a clock that was
   * ahead, a restored backup) would then block every write forever, and one that is not empty
   * could never be removed. So we also watch the directory ourselves: one whose identity and
   * mtime have not changed for `staleMs` by our own monotonic clock has no live holder (a holder
   * touches it every `staleMs / 2`), whatever its mtime says. It is renamed aside (atomic, so
   * two waiters cannot both remove it) and deleted recursively. Returns whether it was removed.
   */
  async #removeIfAbandoned(watch: LockWatch): Promise<boolean> {
    let stats: Stats;
    try {
      stats = await this.#options.fs.lstat(this.lockPath);
    } catch {
      return false; // gone (or unreadable: the next attempt reports it)
    }
    const now = performance.now();
    if (!stats.isDirectory() || stats.ino !== watch.ino || stats.mtimeMs !== watch.mtimeMs) {
      watch.ino = stats.ino;
      watch.mtimeMs = stats.mtimeMs;
      watch.since = now;
      return false;
    }
    if (now - watch.since < this.#options.staleMs) return false;
    const aside = `${this.lockPath}.abandoned-${nodeCrypto().randomBytes(6).toString('hex')}`;
    try {
      await this.#options.fs.rename(this.lockPath, aside);
    } catch {
      return false; // another waiter moved it first, or it changed: look again
    }
    watch.ino = -1;
    await rm(aside, { recursive: true, force: true }).catch(() => undefined);
    return true;
  }

  async #checkLockPath(): Promise<void> {
    let stats: Stats;
    try {
      stats = await this.#options.fs.lstat(this.lockPath);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return;
      throw ioError(`Cannot inspect ${this.lockPath}`, this.lockPath, err);
    }
    if (stats.isSymbolicLink()) throw symlinkError(this.lockPath);
    if (!stats.isDirectory()) {
      throw new CredentialsFileSymbolicLinkError(
        `${this.lockPath} exists and is not a lock directory; another program uses that name. ` +
          'Remove it if nothing is using it, then retry.',
      );
    }
  }

  #timeout(started: number): LockTimeoutError {
    const waitedMs = Date.now() - started;
    return new LockTimeoutError(
      `Timed out after ${waitedMs} ms waiting for the lock on ${this.path}: another process (or ` +
        `task) holds it. Retry later; a lock left by a dead process is taken over once it is ` +
        `${this.#options.staleMs} ms old.`,
      { location: this.path, waitedMs },
    );
  }
}

/** How often a queued writer that is not first looks at the queue again (ms, before jitter). */
const QUEUE_CHECK_MS = 15;
/** How often the first writer in the queue polls the lock (ms, before jitter). */
const HEAD_POLL_MS = 4;

/** What a waiter last saw of the lock directory, and since when (our monotonic clock, ms). */
interface LockWatch {
  ino: number;
  mtimeMs: number;
  since: number;
}

function heldLock(
  state: { compromised: LockCompromisedError | undefined },
  release: () => Promise<void>,
  releaseMutex: () => void,
): HeldLock {
  let released = false;
  return {
    get compromised() {
      return state.compromised;
    },
    assertHeld() {
      if (state.compromised) throw state.compromised;
    },
    async release() {
      if (released) return;
      released = true;
      try {
        await release();
      } catch (err) {
        // Already released because compromised, or the directory vanished: nothing to undo.
        const code = errnoOf(err);
        if (code !== 'ERELEASED' && code !== 'ENOTACQUIRED' && code !== 'ENOENT') throw err;
      } finally {
        releaseMutex();
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `node:crypto`, loaded on first use: a process that only reads files never pays for it. */
function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
