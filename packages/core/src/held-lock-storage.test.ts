import { describe, expect, it } from 'vitest';
import { HeldLockStorage } from './held-lock-storage.js';
import type { OAuth2Credentials } from './oauth2-credentials.js';

/** Records what the base class does with the locks it is handed. */
class RecordingStorage extends HeldLockStorage<{ id: number; release(): Promise<void> }> {
  readonly released: number[] = [];
  readonly seen: Array<number | undefined> = [];
  #next = 0;
  protected override async takeLock() {
    const id = ++this.#next;
    return { id, release: async () => void this.released.push(id) };
  }
  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    this.seen.push(this.heldLock?.id);
    return undefined;
  }
  override async lockedPut(): Promise<void> {}
  override async lockedDelete(): Promise<void> {}
  peek(): number | undefined {
    return this.heldLock?.id;
  }
}

describe('HeldLockStorage', () => {
  it('holds what takeLock returned until releaseLock, then releases it exactly once', async () => {
    const storage = new RecordingStorage();
    expect(storage.peek()).toBeUndefined();
    await storage.get();
    await storage.get();
    expect(storage.seen).toEqual([1, 2]);
    expect(storage.released).toEqual([1, 2]);
    expect(storage.peek()).toBeUndefined();
    await storage.releaseLock();
    expect(storage.released).toEqual([1, 2]);
  });

  it('releases the lock when the locked work throws', async () => {
    const storage = new RecordingStorage();
    await expect(
      storage.withLock(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(storage.released).toEqual([1]);
    expect(storage.peek()).toBeUndefined();
  });
});
