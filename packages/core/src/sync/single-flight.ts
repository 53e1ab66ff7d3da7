import { withSignal } from '../http/with-signal.js';

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Waiters that can still abort; `Infinity` once one without a signal joined. */
  abortable: number;
}

/**
 * At most one operation in flight; callers arriving meanwhile share its promise (so they all see
 * the same result or the same error, and a failure is not cached: the next call starts afresh).
 * Each caller may bring an `AbortSignal`: an abort rejects that caller at once, and the shared
 * operation itself is aborted only when every caller has given up.
 */
export class SingleFlight<T> {
  #flight: Flight<T> | undefined;

  /** Whether an operation is running. */
  get busy(): boolean {
    return this.#flight !== undefined;
  }

  /** Resolves once the operation in flight (if any) has settled, whatever its outcome. */
  async settled(): Promise<void> {
    await this.#flight?.promise.catch(() => {});
  }

  run(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#flight;
    if (!flight) {
      const controller = new AbortController();
      const created: Flight<T> = {
        controller,
        abortable: 0,
        promise: Promise.resolve() as Promise<T>,
      };
      created.promise = (async () => fn(controller.signal))().finally(() => {
        if (this.#flight === created) this.#flight = undefined;
      });
      created.promise.catch(() => {});
      this.#flight = flight = created;
    }
    if (!signal) {
      flight.abortable = Number.POSITIVE_INFINITY;
      return flight.promise;
    }
    flight.abortable++;
    const joined = flight;
    const onAbort = () => {
      joined.abortable--;
      if (joined.abortable <= 0) joined.controller.abort(signal.reason);
    };
    const done = () => signal.removeEventListener('abort', onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
    joined.promise.then(done, done);
    return withSignal(joined.promise, signal);
  }
}
