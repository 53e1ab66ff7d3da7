/**
 * A clock that only moves when told to. Structurally compatible with core's `Clock`
 * (`now()` in epoch milliseconds, `sleep(ms, signal)`), so code that takes a clock runs
 * expiry and polling logic in microseconds of real time.
 */
export class FrozenClock {
  #now: number;
  #sleepers: { until: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Every `sleep()` duration requested, in order. */
  readonly sleeps: number[] = [];

  constructor(start: number | Date = Date.UTC(2016, 1, 1, 12, 0, 0)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  /** Set the time (epoch ms). Sleepers whose deadline passed wake up. */
  set(ms: number | Date): void {
    this.#now = typeof ms === 'number' ? ms : ms.getTime();
    this.#wake();
  }

  /** Move time forward by `ms` and wake sleepers. */
  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  /** Sleep on the fake timeline; resolves when the clock is advanced past the deadline. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const entry = { until: this.#now + ms, resolve, reject };
      this.#sleepers.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== entry);
          reject(signal.reason);
        },
        { once: true },
      );
      this.#wake();
    });
  }

  /** Number of pending sleepers. */
  get pending(): number {
    return this.#sleepers.length;
  }

  /**
   * Advance straight to the earliest pending sleeper's deadline (after letting microtasks run),
   * `times` times. Handy for driving polling loops: `await clock.runNext()`.
   */
  async runNext(times = 1): Promise<void> {
    for (let i = 0; i < times; i++) {
      await flushMicrotasks();
      const next = this.#sleepers.reduce<number | undefined>(
        (min, s) => (min === undefined || s.until < min ? s.until : min),
        undefined,
      );
      if (next === undefined) return;
      this.set(Math.max(next, this.#now));
      await flushMicrotasks();
    }
  }

  #wake(): void {
    const due = this.#sleepers.filter((s) => s.until <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const s of due) s.resolve();
  }
}

/** Let pending promise callbacks (and one macrotask turn) run. */
export async function flushMicrotasks(): Promise<void> {
  await new Promise<void>((r) => setImmediate(r));
}
