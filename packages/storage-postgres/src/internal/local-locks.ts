/**
 * In-process FIFO locks by name, with a deadline. A process waits here before it checks out a
 * pool client, so N concurrent callers on one key hold one database connection, not N.
 */
export class LocalLocks {
  /** Per name: the queue of waiters; the holder is removed from it when it gets the lock. */
  readonly #held = new Map<string, Array<(granted: boolean) => void>>();

  /**
   * Wait for `name` at most `waitMs`. Resolves with the release function, or `undefined` when the
   * wait ran out (nothing is held then).
   */
  acquire(name: string, waitMs: number): Promise<(() => void) | undefined> {
    const queue = this.#held.get(name);
    if (queue === undefined) {
      this.#held.set(name, []);
      return Promise.resolve(this.#releaser(name));
    }
    return new Promise((resolve) => {
      const waiter = (granted: boolean) => {
        clearTimeout(timer);
        resolve(granted ? this.#releaser(name) : undefined);
      };
      const timer = setTimeout(
        () => {
          const at = queue.indexOf(waiter);
          if (at !== -1) queue.splice(at, 1);
          waiter(false);
        },
        Math.max(0, waitMs),
      );
      queue.push(waiter);
    });
  }

  #releaser(name: string): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const queue = this.#held.get(name);
      const next = queue?.shift();
      if (next) next(true);
      else this.#held.delete(name);
    };
  }
}
