import { OAuth2Credentials } from '@oauth2/core';
import {
  type CanaryCredentialFields,
  canaryCredentialFields,
  type RedisClusterHandle,
  type RedisServerHandle,
} from '@oauth2/test-kit';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { createClient as createClient5 } from 'redis5';
import type { RedisClientLike } from '../src/index.js';

/** A connected client and how to close it (the storage never closes it). */
export interface TestClient {
  name: string;
  client: RedisClientLike;
  close: () => Promise<void>;
}

/** What the standalone tests run against: node-redis 6, node-redis 5, ioredis. */
export const STANDALONE_CLIENTS = ['node-redis 6', 'node-redis 5', 'ioredis'] as const;
export type StandaloneClientName = (typeof STANDALONE_CLIENTS)[number];

/** Connect one of {@link STANDALONE_CLIENTS} to a test server, failing fast when it is down. */
export async function connectStandalone(
  name: StandaloneClientName,
  redis: RedisServerHandle,
): Promise<TestClient> {
  if (name === 'ioredis') {
    const client = new Redis({ host: redis.host, port: redis.port, lazyConnect: true });
    client.on('error', () => {}); // reconnect errors are reported to the storage's callers
    await client.connect();
    return { name, client, close: async () => void client.disconnect() };
  }
  const client =
    name === 'node-redis 5' ? createClient5({ url: redis.url }) : createClient({ url: redis.url });
  client.on('error', () => {}); // reconnect errors are reported to the storage's callers
  await client.connect();
  return { name, client, close: async () => void client.destroy() };
}

/** A node-redis or ioredis cluster client on a test cluster. */
export async function connectCluster(
  name: 'node-redis 6' | 'ioredis',
  cluster: RedisClusterHandle,
): Promise<TestClient> {
  if (name === 'ioredis') {
    const client = new Cluster(cluster.rootNodes, { lazyConnect: true });
    client.on('error', () => {});
    await client.connect();
    return { name: `${name} cluster`, client, close: async () => void client.disconnect() };
  }
  const client = createCluster({
    rootNodes: cluster.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })),
  });
  client.on('error', () => {});
  await client.connect();
  return { name: `${name} cluster`, client, close: async () => void client.destroy() };
}

/** A credential whose secrets all carry canaries. */
export function makeCredentials(
  overrides: Partial<CanaryCredentialFields> = {},
): OAuth2Credentials {
  return new OAuth2Credentials(canaryCredentialFields(overrides));
}
