import type { FSWatcher } from 'node:fs';
import { basename } from 'node:path';

/**
 * A pause between lock attempts that ends early on the one change in the lock queue's folder a
 * waiter cares about: the ticket right ahead of it left (that writer took the lock or gave up),
 * or, for the first in line, a holder released the lock (it touches the folder,
 * `LockQueue.poke`). Without it a waiter notices its turn only at its next poll, and under
 * contention those gaps, not the writes, set the throughput; waking only the waiter concerned
 * keeps 15 waiters from re-reading the queue on every change. The timer stays as the fallback:
 * where the file system sends no events (a network share), waits end by the clock.
 */
export class QueueWatch {
  /** The name events carry when the folder itself is touched: the lock was released. */
  readonly released: string;
  #watcher: FSWatcher | undefined;
  #wake: ((name: string | null) => void) | undefined;
  /** Names changed while no pause was running (or since it started). */
  #pending = new Set<string | null>();

  /** Watch `dir` (best effort: if it cannot be watched, pauses are plain timers). */
  constructor(dir: string) {
    this.released = basename(dir);
    try {
      // Through getBuiltinModule: importing node:fs as ESM loads all of node:stream.
      this.#watcher = process
        .getBuiltinModule('node:fs')
        .watch(dir, { persistent: false }, (_event, name) => this.#fire(name));
      this.#watcher.on('error', () => this.close());
    } catch {
      this.#watcher = undefined;
    }
  }

  /** Whether change events arrive (else pauses are plain timers). */
  get watching(): boolean {
    return this.#watcher !== undefined;
  }

  /**
   * Wait `ms`, or less if `name` (a ticket, or {@link QueueWatch.released}) changes meanwhile or
   * changed since the last pause.
   */
  pause(ms: number, name: string | undefined): Promise<void> {
    const seen = this.#pending;
    this.#pending = new Set();
    const concerns = (changed: string | null) =>
      changed === null || (name !== undefined && changed === name);
    if ([...seen].some(concerns)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = (changed) => {
        if (concerns(changed)) done();
      };
    });
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #fire(name: string | null): void {
    if (this.#wake) this.#wake(name);
    else this.#pending.add(name);
  }
}
