import { LockCompromisedError, LockTimeoutError } from '../errors.js';
import { AsyncMutex } from '../sync/mutex.js';
import { type CredentialFs, nodeCredentialFs } from './file-system.js';
import { type HeldLock, heldLock } from './held-lock.js';
import { LockQueue, type QueueTicket } from './internal/lock-queue.js';
import { ChangeWatch } from './internal/lock-watch.js';
import { AbandonedLockWatch, checkLockDirectory } from './lock-directory.js';
import { errnoOf, ioError } from './safe-read.js';

export type { HeldLock } from './held-lock.js';

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
    let held: HeldLock;
    try {
      held = await this.#pollFileLock(
        deadline,
        started,
        releaseMutex,
        () => ticket,
        async () => {
          ticket ??= await queue?.join();
        },
      );
    } catch (err) {
      await ticket?.leave();
      throw err;
    }
    if (ticket) {
      // Leave the queue while the caller already works under the lock (two system calls fewer
      // in the critical section); release() waits for it, so no ticket outlives the operation.
      const leaving = ticket.leave();
      held.afterRelease(() => leaving);
    }
    return held;
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
    const watch = new AbandonedLockWatch(this.#options.fs, this.lockPath, staleMs);
    const changes = new ChangeWatch();
    // Whether this writer waited behind another ticket since its last look at the lock.
    let waitedInQueue = false;
    try {
      for (let attempt = 0; ; attempt++) {
        const queued = ticket();
        if (queued && !(await queued.isHead())) {
          waitedInQueue = true;
          // Not our turn: look at the queue again when it changes, or shortly.
          const remaining = deadline - Date.now();
          if (remaining <= 0) throw this.#timeout(started);
          const jitter = 1 + Math.random();
          const ahead = queued.ahead === undefined ? undefined : queued.path(queued.ahead);
          await (ahead === undefined
            ? sleep(Math.min(remaining, QUEUE_CHECK_MS * jitter))
            : changes.pause(
                ahead,
                Math.min(remaining, QUEUE_CHECK_WATCHED_MS * jitter),
                Math.min(remaining, QUEUE_CHECK_MS * jitter),
              ));
          continue;
        }
        if (waitedInQueue) {
          // Just became first: the writer ahead left the queue as it took the lock, so the lock
          // is almost surely held. Wait for its release (at once if it is already gone) instead
          // of spending an attempt on it.
          waitedInQueue = false;
          const remaining = deadline - Date.now();
          if (remaining <= 0) throw this.#timeout(started);
          await this.#awaitRelease(changes, remaining);
        }
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
          // Looked at only now: a lock that was taken was a fresh directory (mkdir cannot create
          // over anything), so a symlink or a file in its place can only be what made this fail.
          const stats = await checkLockDirectory(this.#options.fs, this.lockPath);
          const code = errnoOf(err);
          // ENOTEMPTY/EEXIST: proper-lockfile found the lock stale but could not rmdir it.
          if (code !== 'ELOCKED' && code !== 'ENOTEMPTY' && code !== 'EEXIST')
            throw ioError(`Cannot lock ${this.path}`, this.lockPath, err);
          if (await watch.removeIfAbandoned(stats)) continue;
          const remaining = deadline - Date.now();
          if (remaining <= 0) throw this.#timeout(started);
          await joinQueue();
          if (ticket()) {
            await this.#awaitRelease(changes, remaining);
          } else {
            // Without a queue, as the `retry` module does: jitter ×[1, 2), then the cap.
            const jitter = 1 + Math.random();
            await sleep(Math.min(remaining, maxDelayMs, minDelayMs * factor ** attempt * jitter));
          }
          continue;
        }
        return heldLock(state, release, releaseMutex);
      }
    } finally {
      changes.close();
    }
  }

  /**
   * First in line: wait until the holder removes the lock directory (at once if it is gone),
   * polling alone (so quickly) where that cannot be watched; at most `remaining` ms.
   */
  #awaitRelease(changes: ChangeWatch, remaining: number): Promise<void> {
    const jitter = 1 + Math.random();
    return changes.pause(
      this.lockPath,
      Math.min(remaining, HEAD_POLL_WATCHED_MS * jitter),
      Math.min(remaining, HEAD_POLL_MS * jitter),
    );
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
/** The same two while the queue's folder sends change events (the polls are then a fallback). */
const QUEUE_CHECK_WATCHED_MS = 250;
const HEAD_POLL_WATCHED_MS = 16;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
