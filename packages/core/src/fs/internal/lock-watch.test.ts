import { mkdir, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { ChangeWatch } from './lock-watch.js';

const tmp = useTempDir('oauth2-watch-');

/** How long `pause` took, in ms. */
async function timed(pause: Promise<void>): Promise<number> {
  const started = performance.now();
  await pause;
  return performance.now() - started;
}

describe('ChangeWatch (a waiter wakes when its own target changes, not on a timer)', () => {
  it('W1 a pause on the ticket ahead ends when it leaves, and not when another ticket does', async () => {
    await writeFile(join(tmp.dir, 'ahead'), '');
    await writeFile(join(tmp.dir, 'other'), '');
    const watch = new ChangeWatch();
    try {
      const other = timed(watch.pause(join(tmp.dir, 'ahead'), 400, 400));
      setTimeout(() => void unlink(join(tmp.dir, 'other')), 20);
      expect(await other).toBeGreaterThan(300); // ended by the clock
      const ahead = timed(watch.pause(join(tmp.dir, 'ahead'), 5_000, 5_000));
      setTimeout(() => void unlink(join(tmp.dir, 'ahead')), 20);
      expect(await ahead).toBeLessThan(2_000);
    } finally {
      watch.close();
    }
  });

  it('W2 the first in line wakes when the lock directory is removed; a change between pauses is not missed', async () => {
    const lock = join(tmp.dir, 'f.lock');
    await mkdir(lock);
    const watch = new ChangeWatch();
    try {
      const released = timed(watch.pause(lock, 5_000, 5_000));
      setTimeout(() => void rmdir(lock), 20);
      expect(await released).toBeLessThan(2_000);
      await mkdir(lock);
      expect(await timed(watch.pause(lock, 50, 50))).toBeGreaterThanOrEqual(40); // watching again
      await rmdir(lock); // while nobody pauses
      await new Promise((r) => setTimeout(r, 50));
      expect(await timed(watch.pause(lock, 5_000, 5_000))).toBeLessThan(100);
    } finally {
      watch.close();
    }
  });

  it('W3 a target already gone returns at once; one that cannot be watched waits the short interval', async () => {
    const watch = new ChangeWatch();
    expect(await timed(watch.pause(join(tmp.dir, 'missing'), 5_000, 5_000))).toBeLessThan(100);
    const denied = join(tmp.dir, 'x\0y'); // not a valid path: cannot be watched
    expect(await timed(watch.pause(denied, 5_000, 30))).toBeLessThan(1_000);
    watch.close();
  });
});
