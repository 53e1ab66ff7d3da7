import type { Credentials } from './credentials.js';
import type { OAuth2Credentials } from './oauth2-credentials.js';
import { Storage } from './storage.js';

/** A lock a storage holds from `acquireLock` to `releaseLock`. */
export interface ReleasableLock {
  /** Give the lock back; called once, by `releaseLock`. */
  release(): Promise<void> | void;
}

/**
 * A {@link Storage} whose lock is an object it holds between `acquireLock` and `releaseLock`
 * (a file lock, a Redis token, a database session, a mutex's release): the storage implements
 * {@link takeLock}, and the hold/release bookkeeping is written once, here.
 *
 * @example
 * class MyStorage extends HeldLockStorage<{ release(): void }> {
 *   readonly #mutex = new AsyncMutex();
 *   protected override async takeLock() {
 *     return { release: await this.#mutex.acquire() };
 *   }
 *   // lockedGet, lockedPut, lockedDelete as for any Storage; `this.heldLock` is the lock held
 * }
 */
export abstract class HeldLockStorage<
  H extends ReleasableLock,
  C extends Credentials = OAuth2Credentials,
> extends Storage<C> {
  #held: H | undefined;

  /**
   * Take the lock, waiting as long as the storage's policy allows, then throwing; what it returns
   * is held until {@link releaseLock}.
   */
  protected abstract takeLock(): Promise<H>;

  /** The lock held now (between `acquireLock` and `releaseLock`), else `undefined`. */
  protected get heldLock(): H | undefined {
    return this.#held;
  }

  /** Take the lock (see {@link takeLock}) and hold it. */
  override async acquireLock(): Promise<void> {
    this.#held = await this.takeLock();
  }

  /** Release the lock taken by {@link acquireLock}; nothing when none is held. */
  override async releaseLock(): Promise<void> {
    const held = this.#held;
    this.#held = undefined;
    await held?.release();
  }
}
