/**
 * The slice of node-redis (`redis` 5.x/6.x: `createClient()` or `createCluster()`) this package
 * uses. Typed loosely so that any of its generic client types fits.
 */
export interface NodeRedisClientLike {
  get(key: string): Promise<unknown>;
  mGet(keys: string[]): Promise<unknown>;
  set(key: string, value: string, options?: object): Promise<unknown>;
  eval(script: string, options?: { keys?: string[]; arguments?: string[] }): Promise<unknown>;
  readonly isReady: boolean;
}

/** The slice of an `ioredis` `Redis` or `Cluster` client this package uses. */
export interface IoredisClientLike {
  get(key: string): Promise<unknown>;
  mget(...keys: string[]): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
  readonly status: string;
}

/**
 * A connected client: node-redis or ioredis, standalone or cluster, or your own
 * {@link RedisCommands}. The storage never opens, closes or reconfigures it.
 */
export type RedisClientLike = NodeRedisClientLike | IoredisClientLike | RedisCommands;

/**
 * The six operations the storage needs, for a client that is neither node-redis nor ioredis
 * (or a proxy with its own routing). Implement it and pass it as the client.
 *
 * @example
 * const commands: RedisCommands = {
 *   get: (key) => myClient.get(key),
 *   mget: (keys) => myClient.mget(keys),
 *   setIfAbsent: async (key, value, ttlMs) => (await myClient.set(key, value, { nx: true, px: ttlMs })) === 'OK',
 *   eval: (script, keys, args) => myClient.eval(script, keys, args),
 *   scan: (pattern) => myClient.scanAll(pattern),
 *   isConnected: () => myClient.connected,
 * };
 */
export interface RedisCommands {
  /** `GET key`: the string, or `null`. */
  get(key: string): Promise<string | null>;
  /** `MGET keys...` (every key in one slot): a string or `null` per key. */
  mget(keys: string[]): Promise<(string | null)[]>;
  /** `SET key value NX PX ttlMs`: whether it was set. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** `EVAL script numkeys keys... args...` (every key in one slot). */
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
  /** Every key matching the glob `pattern`, on every master (`SCAN MATCH`); duplicates allowed. */
  scan(pattern: string): AsyncIterable<string>;
  /** Whether the client says it is connected; `undefined` when it cannot tell. */
  isConnected(): boolean | undefined;
}

interface NodeRedisScanning {
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<unknown>;
}
interface NodeRedisClusterLike {
  readonly masters: readonly unknown[];
  nodeClient(node: unknown): NodeRedisScanning | Promise<NodeRedisScanning>;
}
interface IoredisScanning {
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>;
}
interface IoredisClusterLike {
  nodes(role: 'master'): IoredisScanning[];
}

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

function isCommands(client: object): client is RedisCommands {
  return typeof (client as RedisCommands).setIfAbsent === 'function';
}
function isIoredis(client: object): client is IoredisClientLike {
  return typeof (client as IoredisClientLike).status === 'string' && 'call' in client;
}

/** Adapt a node-redis or ioredis client (or cluster) to {@link RedisCommands}. */
export function redisCommands(client: RedisClientLike): RedisCommands {
  if (isCommands(client)) return client;
  if (isIoredis(client)) return ioredisCommands(client);
  return nodeRedisCommands(client);
}

function nodeRedisCommands(client: NodeRedisClientLike): RedisCommands {
  const cluster = 'masters' in client ? (client as unknown as NodeRedisClusterLike) : undefined;
  async function* scanOne(node: NodeRedisScanning, pattern: string): AsyncIterable<string> {
    for await (const batch of node.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      // node-redis >= 5 yields arrays of keys.
      if (Array.isArray(batch)) for (const key of batch) yield String(key);
      else yield String(batch);
    }
  }
  return {
    get: async (key) => text(await client.get(key)),
    mget: async (keys) => ((await client.mGet(keys)) as unknown[]).map(text),
    setIfAbsent: async (key, value, ttlMs) =>
      (await client.set(key, value, {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlMs },
      })) !== null,
    eval: (script, keys, args) => client.eval(script, { keys, arguments: args }),
    async *scan(pattern) {
      if (!cluster) {
        yield* scanOne(client as unknown as NodeRedisScanning, pattern);
        return;
      }
      for (const master of cluster.masters)
        yield* scanOne(await cluster.nodeClient(master), pattern);
    },
    isConnected: () => client.isReady,
  };
}

function ioredisCommands(client: IoredisClientLike): RedisCommands {
  const cluster =
    typeof (client as unknown as IoredisClusterLike).nodes === 'function'
      ? (client as unknown as IoredisClusterLike)
      : undefined;
  async function* scanOne(node: IoredisScanning, pattern: string): AsyncIterable<string> {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      yield* keys;
    } while (cursor !== '0');
  }
  return {
    get: async (key) => text(await client.get(key)),
    mget: async (keys) => ((await client.mget(...keys)) as unknown[]).map(text),
    setIfAbsent: async (key, value, ttlMs) =>
      (await client.set(key, value, 'PX', ttlMs, 'NX')) !== null,
    eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args),
    async *scan(pattern) {
      const nodes = cluster ? cluster.nodes('master') : [client as unknown as IoredisScanning];
      for (const node of nodes) yield* scanOne(node, pattern);
    },
    isConnected: () => client.status === 'ready',
  };
}
