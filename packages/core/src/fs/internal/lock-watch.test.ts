import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { LockQueue } from './lock-queue.js';
import { QueueWatch } from './lock-watch.js';

const tmp = useTempDir('oauth2-watch-');

/** How long `pause` took, in ms. */
async function timed(pause: Promise<void>): Promise<number> {
  const started = performance.now();
  await pause;
  return performance.now() - started;
}

describe('QueueWatch (a waiter wakes on its own turn, not on a timer)', () => {
  it('W1 a pause ends when the ticket ahead leaves, and not when another one does', async () => {
    const dir = join(tmp.dir, 'f.lock.queue');
    await mkdir(dir);
    await writeFile(join(dir, 'ahead'), '');
    await writeFile(join(dir, 'other'), '');
    const watch = new QueueWatch(dir);
    try {
      expect(watch.watching).toBe(true);
      const other = timed(watch.pause(400, 'ahead'));
      setTimeout(() => void unlink(join(dir, 'other')), 20);
      expect(await other).toBeGreaterThan(300); // woke by the clock
      const ahead = timed(watch.pause(5_000, 'ahead'));
      setTimeout(() => void unlink(join(dir, 'ahead')), 20);
      expect(await ahead).toBeLessThan(2_000);
    } finally {
      watch.close();
    }
  });

  it('W2 a release (LockQueue.poke) wakes the first in line; a change before the pause is not missed', async () => {
    const queue = new LockQueue(join(tmp.dir, 'g.lock'), 10_000);
    const ticket = await queue.join();
    const watch = new QueueWatch(queue.dir);
    try {
      const released = timed(watch.pause(5_000, watch.released));
      setTimeout(() => void queue.poke(), 20);
      expect(await released).toBeLessThan(2_000);
      await queue.poke();
      await new Promise((r) => setTimeout(r, 50)); // the event arrives while nobody pauses
      expect(await timed(watch.pause(5_000, watch.released))).toBeLessThan(100);
    } finally {
      watch.close();
      await ticket?.leave();
    }
  });

  it('W3 a folder that cannot be watched gives plain timed pauses', async () => {
    const watch = new QueueWatch(join(tmp.dir, 'missing'));
    expect(watch.watching).toBe(false);
    expect(await timed(watch.pause(30, watch.released))).toBeGreaterThanOrEqual(25);
  });
});
