import { describe, expect, it } from 'vitest';
import { AsyncMutex } from './mutex.js';

describe('AsyncMutex.acquireUntil', () => {
  it('returns the release function when the mutex frees before the deadline', async () => {
    const mutex = new AsyncMutex();
    const first = await mutex.acquire();
    setTimeout(first, 20);
    const release = await mutex.acquireUntil(Date.now() + 2_000);
    expect(release).toBeTypeOf('function');
    expect(mutex.locked).toBe(true);
    release?.();
    expect(mutex.locked).toBe(false);
  });

  it('gives up at the deadline, and its place in the queue does not block the next caller', async () => {
    const mutex = new AsyncMutex();
    const first = await mutex.acquire();
    expect(await mutex.acquireUntil(Date.now() + 30)).toBeUndefined();
    const third = mutex.acquire();
    first();
    const release = await third; // would hang if the abandoned place were never released
    expect(mutex.locked).toBe(true);
    release();
  });
});
