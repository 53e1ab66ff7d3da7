import { describe, expect, it } from 'vitest';
import { withSignal } from './with-signal.js';

describe('withSignal', () => {
  it('passes the value or the error through when no abort happens', async () => {
    const ac = new AbortController();
    await expect(withSignal(Promise.resolve(1), ac.signal)).resolves.toBe(1);
    await expect(withSignal(Promise.reject(new Error('x')), ac.signal)).rejects.toThrow('x');
    await expect(withSignal(Promise.resolve(2), undefined)).resolves.toBe(2);
  });

  it('rejects with the reason as soon as the signal aborts, before the work settles', async () => {
    const ac = new AbortController();
    let settle!: (v: number) => void;
    const work = new Promise<number>((r) => {
      settle = r;
    });
    const waiting = withSignal(work, ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    settle(3);
    await expect(work).resolves.toBe(3);
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(
      withSignal(Promise.resolve(1), AbortSignal.abort(new Error('gone'))),
    ).rejects.toThrow('gone');
  });
});
