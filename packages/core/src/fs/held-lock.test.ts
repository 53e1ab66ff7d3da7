import { describe, expect, it } from 'vitest';
import { heldLock } from './held-lock.js';

describe('heldLock', () => {
  it('runs afterRelease tasks once, after the file lock and the mutex are released', async () => {
    const order: string[] = [];
    const held = heldLock(
      { compromised: undefined },
      async () => void order.push('file lock released'),
      () => void order.push('mutex released'),
    );
    held.afterRelease(async () => void order.push('task 1'));
    held.afterRelease(async () => void order.push('task 2'));
    await held.release();
    await held.release();
    expect(order).toEqual(['file lock released', 'mutex released', 'task 1', 'task 2']);
  });

  it('rethrows the first failing task, after running the others', async () => {
    const ran: string[] = [];
    const held = heldLock(
      { compromised: undefined },
      async () => {},
      () => {},
    );
    held.afterRelease(async () => {
      throw new Error('directory fsync failed');
    });
    held.afterRelease(async () => void ran.push('cleanup'));
    await expect(held.release()).rejects.toThrow('directory fsync failed');
    expect(ran).toEqual(['cleanup']);
  });
});
