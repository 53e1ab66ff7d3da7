import { describe, expect, it } from 'vitest';
import { FrozenClock } from './clock.js';

describe('FrozenClock', () => {
  it('starts at 2016-02-01T12:00:00Z and only moves when told', () => {
    const clock = new FrozenClock();
    expect(new Date(clock.now()).toISOString()).toBe('2016-02-01T12:00:00.000Z');
    clock.advance(1500);
    expect(clock.now()).toBe(Date.UTC(2016, 1, 1, 12, 0, 1, 500));
  });

  it('wakes sleepers when advanced past their deadline, and runNext jumps to the next one', async () => {
    const clock = new FrozenClock(0);
    const woke: number[] = [];
    void clock.sleep(5000).then(() => woke.push(clock.now()));
    void clock.sleep(1000).then(() => woke.push(clock.now()));
    clock.advance(999);
    await Promise.resolve();
    expect(woke).toEqual([]);
    await clock.runNext();
    expect(woke).toEqual([1000]);
    await clock.runNext();
    expect(woke).toEqual([1000, 5000]);
    expect(clock.sleeps).toEqual([5000, 1000]);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = new FrozenClock(0);
    const ac = new AbortController();
    const p = clock.sleep(10_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
  });
});
