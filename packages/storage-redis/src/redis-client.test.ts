import { startRedis } from '@oauth2/test-kit';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCredentials } from '../test/helpers.js';
import { type RedisCommands, RedisStorage, RedisStore } from './index.js';
import { redisCommands } from './redis-client.js';

const redis = await startRedis();
const nodeRedis = createClient({ url: redis.url });
await nodeRedis.connect();
const ioredis = new Redis({ host: redis.host, port: redis.port });
afterAll(async () => {
  nodeRedis.destroy();
  ioredis.disconnect();
  await redis.stop();
});

describe('redisCommands', () => {
  it('adapts node-redis and ioredis to the same six operations', async () => {
    for (const commands of [redisCommands(nodeRedis), redisCommands(ioredis)]) {
      await nodeRedis.del(['a{x}', 'b{x}']);
      expect(await commands.setIfAbsent('a{x}', '1', 10_000)).toBe(true);
      expect(await commands.setIfAbsent('a{x}', '2', 10_000)).toBe(false);
      expect(await commands.get('a{x}')).toBe('1');
      expect(await commands.mget(['a{x}', 'b{x}'])).toEqual(['1', null]);
      expect(await commands.eval("return redis.call('get', KEYS[1])", ['a{x}'], [])).toBe('1');
      const keys: string[] = [];
      for await (const key of commands.scan('a{*')) keys.push(key);
      expect(keys).toEqual(['a{x}']);
      expect(commands.isConnected()).toBe(true);
      const ttl = await nodeRedis.pTTL('a{x}');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(10_000);
    }
  });

  it('takes your own RedisCommands as the client, unchanged', async () => {
    const calls: string[] = [];
    const inner = redisCommands(nodeRedis);
    const record = <A extends unknown[], R>(name: string, fn: (...args: A) => R) => {
      return (...args: A): R => {
        calls.push(name);
        return fn(...args);
      };
    };
    const own: RedisCommands = {
      get: record('get', inner.get),
      mget: record('mget', inner.mget),
      setIfAbsent: record('setIfAbsent', inner.setIfAbsent),
      eval: record('eval', inner.eval),
      scan: record('scan', inner.scan),
      isConnected: () => true,
    };
    expect(redisCommands(own)).toBe(own);
    const credentials = makeCredentials();
    await new RedisStorage(own, 'own').put(credentials);
    expect((await new RedisStorage(own, 'own').get())?.toJson()).toBe(credentials.toJson());
    expect(await new RedisStore(own).names()).toContain('own');
    expect(new Set(calls)).toEqual(new Set(['setIfAbsent', 'eval', 'mget', 'scan']));
  });
});
