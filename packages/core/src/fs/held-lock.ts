import type { LockCompromisedError } from '../errors.js';
import { errnoOf } from './safe-read.js';

/** A lock this process holds. */
export interface HeldLock {
  /** Set when the lock was lost while held (its directory removed, replaced or not refreshable). */
  readonly compromised: LockCompromisedError | undefined;
  /** Throws {@link LockCompromisedError} if the lock was lost; call it right before committing. */
  assertHeld(): void;
  /**
   * Run `task` once the lock is released (as part of {@link HeldLock.release}, which waits for it
   * and rethrows its error): work that must finish before the caller is told "done" but needs no
   * lock, such as the directory fsync that makes a rename durable. Keeps the critical section,
   * which every other writer waits for, short.
   */
  afterRelease(task: () => Promise<void>): void;
  /** Release the lock (idempotent), then run the {@link HeldLock.afterRelease} tasks. */
  release(): Promise<void>;
}

/**
 * The {@link HeldLock} handed out once the file lock is taken: `release` frees the file lock, then
 * the in-process mutex, once, then runs the `afterRelease` tasks; a lock already lost
 * (`ERELEASED`...) releases quietly.
 */
export function heldLock(
  state: { compromised: LockCompromisedError | undefined },
  release: () => Promise<void>,
  releaseMutex: () => void,
): HeldLock {
  let released = false;
  const after: (() => Promise<void>)[] = [];
  return {
    get compromised() {
      return state.compromised;
    },
    assertHeld() {
      if (state.compromised) throw state.compromised;
    },
    afterRelease(task) {
      after.push(task);
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
      // Awaited one by one; the first failure is the caller's (the others still run).
      let failure: unknown;
      for (const task of after.splice(0)) {
        await task().catch((err: unknown) => {
          failure ??= err;
        });
      }
      if (failure !== undefined) throw failure;
    },
  };
}
