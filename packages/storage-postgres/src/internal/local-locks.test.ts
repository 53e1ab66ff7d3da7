import { describe, expect, it } from 'vitest';
import { LocalLocks } from './local-locks.js';

describe('LocalLocks', () => {
  it('grants one holder per name in FIFO order; other names are independent', async () => {
    const locks = new LocalLocks();
    const order: string[] = [];
    const first = await locks.acquire('a', 1000);
    const other = await locks.acquire('b', 1000);
    expect(other).toBeTypeOf('function');
    const waiters = ['w1', 'w2', 'w3'].map((w) =>
      locks.acquire('a', 1000).then((release) => {
        order.push(w);
        release?.();
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    first?.();
    await Promise.all(waiters);
    expect(order).toEqual(['w1', 'w2', 'w3']);
    other?.();
  });

  it('a wait that runs out resolves undefined, leaves the queue, and holds nothing', async () => {
    const locks = new LocalLocks();
    const holder = await locks.acquire('a', 1000);
    const started = Date.now();
    expect(await locks.acquire('a', 50)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    holder?.();
    holder?.(); // releasing twice is harmless
    const next = await locks.acquire('a', 10);
    expect(next).toBeTypeOf('function');
    next?.();
  });
});
