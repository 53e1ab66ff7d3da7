/**
 * An in-process FIFO mutex. Storages combine it with their cross-process lock so that two
 * callers in one process never race for the same file lock.
 */
export class AsyncMutex {
  #tail: Promise<void> = Promise.resolve();
  #locked = false;

  /** Whether someone holds the mutex right now. */
  get locked(): boolean {
    return this.#locked;
  }

  /** Wait for the mutex; resolves with the function that releases it. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    return previous.then(() => {
      this.#locked = true;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        this.#locked = false;
        release();
      };
    });
  }

  /**
   * Wait for the mutex until `deadline` (a `Date.now()` time). Resolves with the release function,
   * or `undefined` when the deadline passed first; the place in the queue is then handed straight
   * back once it comes, so a caller that gave up never blocks the ones behind it.
   */
  async acquireUntil(deadline: number): Promise<(() => void) | undefined> {
    const pending = this.acquire();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
    });
    const release = await Promise.race([pending, timedOut]);
    clearTimeout(timer);
    if (!release) void pending.then((r) => r());
    return release;
  }

  /** Run `fn` while holding the mutex. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
