import { inspect } from 'node:util';
import {
  AccessTokenCredentials,
  CredentialsCorruptError,
  LockCompromisedError,
  LockTimeoutError,
} from '@oauth2/core';
import { assertNoCanary, canary, startRedis } from '@oauth2/test-kit';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCredentials } from '../test/helpers.js';
import { RedisStorage, RedisStore } from './index.js';

const redis = await startRedis();
const client = await createClient({ url: redis.url }).connect();
afterAll(async () => {
  client.destroy();
  await redis.stop();
});

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
let n = 0;
const fresh = () => `user:${++n}`;

describe('keys and values', () => {
  it('stores exactly toJson() under oauth2:{name}, the lock in the same hash tag', async () => {
    const storage = new RedisStorage(client, fresh());
    expect(storage.key).toBe(`oauth2:{${storage.name}}`);
    expect(storage.lockKey).toBe(`oauth2:{${storage.name}}:lock`);
    const credentials = makeCredentials();
    await storage.put(credentials);
    expect(await client.get(storage.key)).toBe(credentials.toJson());
    expect(await client.exists(storage.lockKey)).toBe(0);
  });

  it('honours a custom prefix and refuses an empty name', () => {
    expect(new RedisStorage(client, 'x', { prefix: 'app:' }).key).toBe('app:{x}');
    expect(() => new RedisStorage(client, '')).toThrow(TypeError);
  });

  it('a value that is not a credential is CredentialsCorruptError naming the key, not the bytes', async () => {
    const storage = new RedisStorage(client, fresh());
    const secret = canary('garbage-');
    await client.set(storage.key, `{"_class": "OAuth2Credentials", "x": "${secret}"`);
    const err = await storage.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsCorruptError);
    expect((err as CredentialsCorruptError).location).toContain(storage.key);
    assertNoCanary(err, 'the corrupt-value error');
    // put overwrites it.
    await storage.put(makeCredentials());
    expect(await storage.get()).toBeDefined();
  });
});

describe('sealing (AES-256-GCM)', () => {
  it('seals at rest, reads back, and rotates keys (the first key seals)', async () => {
    const name = fresh();
    const credentials = makeCredentials();
    await new RedisStorage(client, name, { sealingKeys: [KEY_A] }).put(credentials);
    const raw = (await client.get(`oauth2:{${name}}`)) ?? '';
    expect(raw.startsWith('oauth2-sealed:v1:')).toBe(true);
    assertNoCanary(raw, 'the sealed value');
    const rotated = new RedisStorage(client, name, { sealingKeys: [KEY_B, KEY_A] });
    expect((await rotated.get())?.toJson()).toBe(credentials.toJson());
    await rotated.put(credentials);
    await expect(new RedisStorage(client, name, { sealingKeys: [KEY_A] }).get()).rejects.toThrow(
      CredentialsCorruptError,
    );
  });

  it('a wrong key, a tampered value, a value moved to another key: CredentialsCorruptError', async () => {
    const name = fresh();
    const storage = new RedisStorage(client, name, { sealingKeys: [KEY_A] });
    await storage.put(makeCredentials());
    const wrong = new RedisStorage(client, name, { sealingKeys: [KEY_B] });
    await expect(wrong.get()).rejects.toBeInstanceOf(CredentialsCorruptError);
    const raw = (await client.get(storage.key)) ?? '';
    const other = new RedisStorage(client, fresh(), { sealingKeys: [KEY_A] });
    await client.set(other.key, raw);
    await expect(other.get()).rejects.toBeInstanceOf(CredentialsCorruptError);
    const flipped = `${raw.slice(0, -2)}${raw.at(-2) === 'A' ? 'B' : 'A'}${raw.at(-1)}`;
    await client.set(storage.key, flipped);
    await expect(storage.get()).rejects.toBeInstanceOf(CredentialsCorruptError);
  });

  it('plain JSON is refused under sealing unless acceptUnsealed; sealed without keys is refused', async () => {
    const name = fresh();
    const credentials = makeCredentials();
    await new RedisStorage(client, name).put(credentials);
    await expect(
      new RedisStorage(client, name, { sealingKeys: [KEY_A] }).get(),
    ).rejects.toBeInstanceOf(CredentialsCorruptError);
    const migrating = new RedisStorage(client, name, {
      sealingKeys: [KEY_A],
      acceptUnsealed: true,
    });
    const loaded = await migrating.get();
    expect(loaded?.toJson()).toBe(credentials.toJson());
    await migrating.put(credentials);
    await expect(new RedisStorage(client, name).get()).rejects.toBeInstanceOf(
      CredentialsCorruptError,
    );
  });
});

describe('value TTL', () => {
  it('expires access-token-only credentials, never refreshable ones unless asked', async () => {
    const accessOnly = new RedisStorage(client, fresh(), { ttlMs: 60_000 });
    await accessOnly.put(
      new AccessTokenCredentials({ accessToken: canary('at-'), userAgent: 'x' }),
    );
    const pttl = await client.pTTL(accessOnly.key);
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    const refreshable = new RedisStorage(client, fresh(), { ttlMs: 60_000 });
    await refreshable.put(makeCredentials());
    expect(await client.pTTL(refreshable.key)).toBe(-1);
    const asked = new RedisStorage(client, fresh(), { ttlMs: 60_000, ttlRefreshable: true });
    await asked.put(makeCredentials());
    expect(await client.pTTL(asked.key)).toBeGreaterThan(50_000);
  });
});

describe('the Redis lock', () => {
  it('a lock left by a dead holder expires after its TTL and the next one proceeds', async () => {
    const storage = new RedisStorage(client, fresh());
    // What a SIGKILLed holder leaves: a token nobody extends or releases.
    await client.set(storage.lockKey, 'dead-holder', { PX: 400 });
    const started = Date.now();
    await storage.put(makeCredentials());
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await storage.get()).toBeDefined();
  });

  it('is extended while held, so a long critical section keeps it past its TTL', async () => {
    const name = fresh();
    const holder = new RedisStorage(client, name, { lockTtlMs: 600 });
    const waiter = new RedisStorage(client, name, { lockTtlMs: 600, lockWaitMs: 2000 });
    await holder.acquireLock();
    const err = await waiter.put(makeCredentials()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as LockTimeoutError).waitedMs).toBeGreaterThanOrEqual(2000);
    expect((err as Error).message).toContain(holder.key);
    await holder.lockedPut(makeCredentials());
    await holder.releaseLock();
    expect(await client.exists(holder.lockKey)).toBe(0);
  });

  it('is released only by its owner, and a holder whose lock was taken writes nothing', async () => {
    const name = fresh();
    const original = makeCredentials();
    const storage = new RedisStorage(client, name, { lockTtlMs: 5000 });
    await storage.put(original);
    await storage.acquireLock();
    // The lock expired and another instance took it (simulated by replacing the token).
    await client.set(storage.lockKey, 'another-instance', { PX: 5000 });
    const err = await storage.lockedPut(makeCredentials()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockCompromisedError);
    await expect(storage.lockedDelete()).rejects.toBeInstanceOf(LockCompromisedError);
    await storage.releaseLock();
    expect(await client.get(storage.lockKey)).toBe('another-instance');
    expect(await client.get(storage.key)).toBe(original.toJson());
    await client.del(storage.lockKey);
  });
});

describe('RedisStore', () => {
  it('hands out storages, lists names (not locks), deletes names', async () => {
    const store = new RedisStore(client, { prefix: 'list*[test]:' });
    const other = new RedisStore(client, { prefix: 'listxtest:' });
    await other.storage('not-mine').put(makeCredentials());
    const names = ['user:1', 'user:2', 'weird}name{', 'ü'];
    for (const name of names) await store.storage(name).put(makeCredentials());
    const storage = store.storage('user:1');
    await storage.acquireLock();
    expect((await store.names()).sort()).toEqual([...names].sort());
    await storage.releaseLock();
    await store.delete('user:2');
    expect((await store.names()).sort()).toEqual(['user:1', 'weird}name{', 'ü'].sort());
    expect(await store.storage('user:2').get()).toBeUndefined();
    expect(inspect(store)).not.toContain('CANARY');
  });
});
