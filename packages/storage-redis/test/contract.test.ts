import * as core from '@oauth2/core';
import { startRedis, startRedisCluster, storageContractSuite } from '@oauth2/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisClientLike, RedisStorage } from '../src/index.js';
import {
  connectCluster,
  connectStandalone,
  STANDALONE_CLIENTS,
  type TestClient,
} from './helpers.js';

const redis = await startRedis();
const cluster = await startRedisCluster();
const clients: TestClient[] = [
  ...(await Promise.all(STANDALONE_CLIENTS.map((name) => connectStandalone(name, redis)))),
  await connectCluster('node-redis 6', cluster),
  await connectCluster('ioredis', cluster),
];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([redis.stop(), cluster.stop()]);
});

let n = 0;
for (const { name, client } of clients) {
  storageContractSuite(`RedisStorage (${name})`, {
    core,
    makeStorage: () => new RedisStorage(client, `contract-${++n}`),
    reopen: (storage) => new RedisStorage(client, storage.name),
  });
}

describe('Redis Cluster', () => {
  it('puts a value and its lock in one slot (the {name} hash tag)', async () => {
    const node = cluster.nodes[0];
    const storage = new RedisStorage(clients[3]?.client as RedisClientLike, 'user:42');
    const slot = (key: string) => node?.cli('cluster', 'keyslot', key);
    expect(await slot(storage.key)).toBe(await slot(storage.lockKey));
    expect(await slot(storage.key)).toBe(await slot('user:42'));
  });
});
