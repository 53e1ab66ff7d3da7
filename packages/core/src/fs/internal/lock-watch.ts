import type { FSWatcher } from 'node:fs';

/**
 * Pauses between lock attempts that end early when the one thing a waiter waits for changes: for
 * a queued writer, the ticket right ahead of it (its owner took the lock or gave up); for the
 * first in line, the lock directory (removed when the holder releases). Without this a waiter
 * notices its turn only at its next poll, and under contention those gaps set the throughput.
 * Each waiter watches only its own target, so one release wakes one process, not every waiter.
 * The timer stays as the fallback: where no change events arrive (a network share), waits end by
 * the clock.
 */
export class ChangeWatch {
  #path: string | undefined;
  #watcher: FSWatcher | undefined;
  #wake: (() => void) | undefined;

  /**
   * Wait until `path` changes or disappears, at most `watchedMs`; if it cannot be watched, wait
   * `unwatchedMs`. A path already gone returns at once (look again now): a change that came
   * while no pause was running ended the watch, so the next pause watches afresh and finds it.
   */
  pause(path: string, watchedMs: number, unwatchedMs: number): Promise<void> {
    if (path !== this.#path) {
      this.close();
      this.#path = path;
      try {
        // Through getBuiltinModule: importing node:fs as ESM loads all of node:stream.
        this.#watcher = process
          .getBuiltinModule('node:fs')
          .watch(path, { persistent: false }, () => this.#fire());
        this.#watcher.on('error', () => this.#fire());
      } catch (err) {
        this.#watcher = undefined;
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          this.#path = undefined;
          return Promise.resolve();
        }
      }
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.#watcher ? watchedMs : unwatchedMs);
      this.#wake = done;
    });
  }

  /** Stop watching. */
  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#path = undefined;
  }

  #fire(): void {
    // Any event ends the watch (a removed path cannot be watched any more); the next pause on the
    // same path watches it afresh, or returns at once if it is gone.
    const wake = this.#wake;
    this.close();
    wake?.();
  }
}
