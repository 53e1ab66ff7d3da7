/**
 * Wait for `promise`, or reject with `signal.reason` as soon as `signal` aborts. The promise itself
 * is not cancelled (use this to let one caller stop waiting for work that others share).
 *
 * @example
 * const token = await withSignal(sharedRefresh, AbortSignal.timeout(5_000));
 */
export function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
