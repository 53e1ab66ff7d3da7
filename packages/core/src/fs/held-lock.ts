import type { LockCompromisedError } from '../errors.js';
import { errnoOf } from './safe-read.js';

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
 * The {@link HeldLock} handed out once the file lock is taken: `release` frees the file lock, then
 * the in-process mutex, once; a lock already lost (`ERELEASED`...) releases quietly.
 */
export function heldLock(
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
