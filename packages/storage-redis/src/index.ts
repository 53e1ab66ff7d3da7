/// <reference types="node" preserve="true" />
/**
 * @oauth2/storage-redis: credentials in Redis, shared by many app instances, with one refresh
 * across all of them.
 * @module
 */
export {
  RedisOutOfMemoryError,
  RedisReadOnlyError,
  RedisStorageError,
  type RedisStorageErrorCode,
  type RedisStorageErrorOptions,
  RedisTimeoutError,
  RedisUnavailableError,
} from './errors.js';
export type {
  IoredisClientLike,
  NodeRedisClientLike,
  RedisClientLike,
  RedisCommands,
} from './redis-client.js';
export { RedisStorage, type RedisStorageOptions, redisKeysOf } from './redis-storage.js';
export { RedisStore } from './redis-store.js';
