import { inspect } from 'node:util';
import type { OAuth2Credentials } from '@oauth2/core';
import { assertNoCanary, type RedisServerHandle, startRedis } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RedisOutOfMemoryError,
  RedisReadOnlyError,
  RedisStorage,
  RedisStorageError,
  RedisTimeoutError,
  RedisUnavailableError,
} from '../src/index.js';
import { connectStandalone, makeCredentials, type TestClient } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OPTIONS = { commandTimeoutMs: 400, lockWaitMs: 2000 };

/** Every rendering of the error is free of the credential's secrets. */
function assertClean(err: unknown): void {
  assertNoCanary(err, 'a Redis storage error');
  assertNoCanary(inspect(err, { depth: 10 }), 'util.inspect of a Redis storage error');
}

for (const clientName of ['node-redis 6', 'ioredis'] as const) {
  describe(`Redis failures become typed errors (${clientName})`, () => {
    let redis: RedisServerHandle;
    let replica: RedisServerHandle;
    let primary: TestClient;
    let onReplica: TestClient;
    let n = 0;
    const storageOn = (c: TestClient, name = `f-${++n}`) =>
      new RedisStorage(c.client, name, OPTIONS);

    beforeAll(async () => {
      redis = await startRedis();
      replica = await startRedis({ args: ['--replicaof', '127.0.0.1', '0'] });
      await replica.cli('replicaof', '127.0.0.1', String(redis.port));
      primary = await connectStandalone(clientName, redis);
      onReplica = await connectStandalone(clientName, replica);
    });
    afterAll(async () => {
      await Promise.all([primary.close(), onReplica.close()]);
      await Promise.all([redis.stop(), replica.stop()]);
    });

    it('OOM: a write refused at maxmemory is RedisOutOfMemoryError; the value is unchanged', async () => {
      const storage = storageOn(primary);
      const original = makeCredentials();
      await storage.put(original);
      await storage.acquireLock();
      await redis.cli('config', 'set', 'maxmemory', '1');
      try {
        const err = await storage.lockedPut(makeCredentials()).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RedisOutOfMemoryError);
        expect((err as RedisOutOfMemoryError).code).toBe('redis_oom');
        expect((err as Error).message).toMatch(/maxmemory/);
        assertClean(err);
        await expect(storageOn(primary).put(makeCredentials())).rejects.toBeInstanceOf(
          RedisOutOfMemoryError,
        );
      } finally {
        await redis.cli('config', 'set', 'maxmemory', '0');
        await storage.releaseLock();
      }
      expect((await storage.get())?.toJson()).toBe(original.toJson());
    });

    it('READONLY: a client on a replica gets RedisReadOnlyError naming the fix', async () => {
      const err = await storageOn(onReplica)
        .put(makeCredentials())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedisReadOnlyError);
      expect((err as Error).message).toMatch(/replica.*primary/);
      assertClean(err);
    });

    it('a server that does not answer in time: RedisTimeoutError', async () => {
      const storage = storageOn(primary);
      await storage.put(makeCredentials());
      await redis.cli('client', 'pause', '2000', 'ALL');
      const started = Date.now();
      const err = await storage.get().catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1900);
      expect(err).toBeInstanceOf(RedisTimeoutError);
      expect((err as RedisTimeoutError).code).toBe('redis_timeout');
      expect((err as RedisTimeoutError).retryable).toBe(true);
      await sleep(2100 - (Date.now() - started));
      expect(await storage.get()).toBeDefined();
    });

    it('a connection dropped mid-command: a typed error (or the write lands whole)', async () => {
      // A long command timeout, so that the kill (a redis-cli process away) comes first.
      const storage = new RedisStorage(primary.client, `f-${++n}`, { commandTimeoutMs: 5000 });
      const original = makeCredentials();
      await storage.put(original);
      const next = makeCredentials();
      await redis.cli('client', 'pause', '3000', 'WRITE');
      const pending = storage.put(next).then(
        () => 'written',
        (e: unknown) => e,
      );
      await sleep(100);
      await redis.cli('client', 'kill', 'type', 'normal');
      const outcome = await pending;
      if (clientName === 'node-redis 6') expect(outcome).toBeInstanceOf(RedisUnavailableError);
      // ioredis re-sends unanswered commands after reconnecting: the put may then succeed.
      else if (outcome !== 'written') expect(outcome).toBeInstanceOf(RedisStorageError);
      if (outcome !== 'written') assertClean(outcome);
      await redis.cli('client', 'unpause');
      const stored = (await storage.get())?.toJson();
      expect([original.toJson(), next.toJson()]).toContain(stored);
    });

    it('unreachable: RedisUnavailableError; the credential in memory stays usable; work resumes', async () => {
      const storage = storageOn(primary);
      await storage.put(makeCredentials());
      const inMemory = (await storage.get()) as OAuth2Credentials;
      const expiredStorage = storageOn(primary);
      await expiredStorage.put(
        makeCredentials({
          tokenExpiry: new Date(Date.now() - 60_000),
          tokenUri: 'http://127.0.0.1:9/token',
        }),
      );
      const expired = (await expiredStorage.get()) as OAuth2Credentials;
      await redis.halt();
      try {
        const started = Date.now();
        for (const op of [() => storage.get(), () => storage.put(makeCredentials())]) {
          const err = await op().catch((e: unknown) => e);
          expect(err).toBeInstanceOf(RedisUnavailableError);
          expect((err as RedisUnavailableError).code).toBe('redis_unavailable');
          expect((err as Error).message).toMatch(/server is running/);
          assertClean(err);
        }
        expect(Date.now() - started).toBeLessThan(4000);
        expect((await inMemory.getAccessToken()).accessToken).toBe(inMemory.accessToken);
        // A refresh needs the lock: it fails typed, without an unlocked token request.
        await expect(expired.getAccessToken()).rejects.toBeInstanceOf(RedisUnavailableError);
      } finally {
        await redis.resume();
      }
      // The client reconnects by itself; the storage works again (the data went with the crash).
      let back: unknown;
      for (let i = 0; i < 40; i++) {
        back = await storage.put(inMemory).then(
          () => 'ok',
          (e: unknown) => e,
        );
        if (back === 'ok') break;
        await sleep(100);
      }
      expect(back).toBe('ok');
      expect((await storage.get())?.toJson()).toBe(inMemory.toJson());
    });
  });
}
