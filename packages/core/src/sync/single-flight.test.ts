import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs once for concurrent callers, who all get the same result', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const d = deferred<number>();
    const calls = Array.from({ length: 100 }, () =>
      flight.run(() => {
        runs++;
        return d.promise;
      }),
    );
    d.resolve(7);
    expect(await Promise.all(calls)).toEqual(Array(100).fill(7));
    expect(runs).toBe(1);
    expect(flight.busy).toBe(false);
  });

  it('shares the same error object and does not cache it', async () => {
    const flight = new SingleFlight<number>();
    const boom = new Error('boom');
    const results = await Promise.allSettled([
      flight.run(() => Promise.reject(boom)),
      flight.run(() => Promise.resolve(1)),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.value))).toEqual([
      boom,
      boom,
    ]);
    expect(await flight.run(() => Promise.resolve(2))).toBe(2);
  });

  it('an abort rejects only that waiter; the operation continues for the others', async () => {
    const flight = new SingleFlight<string>();
    const d = deferred<string>();
    let opSignal: AbortSignal | undefined;
    const a = new AbortController();
    const first = flight.run((s) => {
      opSignal = s;
      return d.promise;
    }, a.signal);
    const second = flight.run(() => d.promise);
    a.abort(new Error('gave up'));
    await expect(first).rejects.toThrow('gave up');
    expect(opSignal?.aborted).toBe(false);
    d.resolve('ok');
    expect(await second).toBe('ok');
  });

  it('aborts the operation when every waiter aborted', async () => {
    const flight = new SingleFlight<string>();
    const a = new AbortController();
    const b = new AbortController();
    let opSignal: AbortSignal | undefined;
    const op = (s: AbortSignal) => {
      opSignal = s;
      return new Promise<string>((_r, reject) =>
        s.addEventListener('abort', () => reject(s.reason)),
      );
    };
    const p1 = flight.run(op, a.signal);
    const p2 = flight.run(op, b.signal);
    a.abort(new Error('a'));
    expect(opSignal?.aborted).toBe(false);
    b.abort(new Error('b'));
    expect(opSignal?.aborted).toBe(true);
    await expect(p1).rejects.toThrow('a');
    await expect(p2).rejects.toThrow('b');
  });

  it('rejects at once with an already-aborted signal', async () => {
    const flight = new SingleFlight<number>();
    let ran = false;
    await expect(
      flight.run(
        async () => {
          ran = true;
          return 1;
        },
        AbortSignal.abort(new Error('pre')),
      ),
    ).rejects.toThrow('pre');
    expect(ran).toBe(false);
  });
});
