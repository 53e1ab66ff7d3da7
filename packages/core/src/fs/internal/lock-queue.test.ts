import { existsSync } from 'node:fs';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { LockQueue } from './lock-queue.js';

const tmp = useTempDir('oauth2-queue-');

describe('LockQueue (first come, first served in front of the file lock)', () => {
  it('Q1 the oldest ticket is first; leaving hands over; the last one out removes the folder', async () => {
    const queue = new LockQueue(join(tmp.dir, 'f.lock'), 10_000);
    expect(await queue.busy()).toBe(false);
    const first = await queue.join();
    await new Promise((r) => setTimeout(r, 2)); // a later arrival time
    const second = await queue.join();
    expect(first && second).toBeTruthy();
    expect(await queue.busy()).toBe(true);
    expect(await first?.isHead()).toBe(true);
    expect(await second?.isHead()).toBe(false);
    await first?.leave();
    expect(await second?.isHead()).toBe(true);
    await second?.leave();
    expect(existsSync(queue.dir)).toBe(false);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('Q2 a ticket left by a dead writer is skipped and removed once stale', async () => {
    const queue = new LockQueue(join(tmp.dir, 'f.lock'), 2_000);
    const mine = await queue.join();
    const dead = `${String(Date.now() - 60_000).padStart(15, '0')}-99999-deadbeef`;
    await writeFile(join(queue.dir, dead), '');
    const old = new Date(Date.now() - 60_000);
    await utimes(join(queue.dir, dead), old, old);
    expect(await mine?.isHead()).toBe(true);
    expect((await readdir(queue.dir)).includes(dead)).toBe(false);
    // A ticket as old by its name but touched recently is alive: it stays ahead.
    const waiting = `${String(Date.now() - 60_000).padStart(15, '0')}-99998-0badf00d`;
    await writeFile(join(queue.dir, waiting), '');
    expect(await mine?.isHead()).toBe(false);
    await mine?.leave();
  });

  it('Q4 each waiter knows the live ticket right ahead of it (the one whose leaving it waits for)', async () => {
    const queue = new LockQueue(join(tmp.dir, 'h.lock'), 10_000);
    const tickets = [];
    for (let i = 0; i < 3; i++) {
      tickets.push(await queue.join());
      await new Promise((r) => setTimeout(r, 2));
    }
    const [first, second, third] = tickets;
    expect(await third?.isHead()).toBe(false);
    const aheadOfThird = third?.ahead;
    expect(await second?.isHead()).toBe(false);
    expect(aheadOfThird).not.toBe(second?.ahead);
    await second?.leave();
    expect(await third?.isHead()).toBe(false);
    expect(third?.ahead).toBe(second?.ahead); // now the first one
    await first?.leave();
    expect(await third?.isHead()).toBe(true);
    expect(third?.ahead).toBeUndefined();
    await third?.leave();
  });

  it('Q3 a queue path that is not a directory disables the queue (plain polling)', async () => {
    const lockPath = join(tmp.dir, 'g.lock');
    await writeFile(`${lockPath}.queue`, 'not a folder');
    const queue = new LockQueue(lockPath, 10_000);
    expect(await queue.busy()).toBe(false);
    expect(await queue.join()).toBeUndefined();
  });
});
