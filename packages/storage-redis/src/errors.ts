import { OAuth2Error, type OAuth2ErrorOptions } from '@oauth2/core';

/** Stable codes of the Redis storage errors. */
export type RedisStorageErrorCode =
  | 'redis_unavailable'
  | 'redis_readonly'
  | 'redis_oom'
  | 'redis_command_failed'
  | 'redis_timeout';

/** Options of {@link RedisStorageError}. */
export interface RedisStorageErrorOptions extends OAuth2ErrorOptions {
  /** What was being done: `get`, `put`, `delete`, `lock`, `unlock`, `keys`. */
  operation: string;
  /** The Redis key involved (keys hold no secrets). */
  location?: string | undefined;
}

/**
 * Base class of the errors a Redis command failure becomes. Nothing was half-written (a value is
 * one `SET`), and a credential already in memory stays usable. The message names what to check;
 * it never quotes a value, and `cause` is a summary (the reply's error prefix or the socket
 * error code), never the client's error object (ioredis puts the command's arguments on it).
 *
 * @example
 * try {
 *   await storage.put(credentials);
 * } catch (err) {
 *   if (err instanceof RedisStorageError && err.retryable) retryLater();
 *   else throw err;
 * }
 */
export class RedisStorageError extends OAuth2Error {
  static override readonly defaultCode: RedisStorageErrorCode = 'redis_command_failed';
  declare readonly code: RedisStorageErrorCode;
  /** What was being done: `get`, `put`, `delete`, `lock`, `unlock`, `keys`. */
  readonly operation: string;
  /** The Redis key involved. */
  readonly location: string | undefined;
  /** Whether trying again later may succeed (the server is down, full or slow). */
  readonly retryable: boolean = false;
  constructor(message: string, options: RedisStorageErrorOptions) {
    super(message, options);
    this.operation = options.operation;
    this.location = options.location;
  }
}

/**
 * Redis cannot be reached: the connection was refused, dropped mid-command, closed by the app, or
 * is reconnecting. Code `redis_unavailable`. Check that the server runs, the client's URL, and
 * that the client is connected (this package never opens or closes it).
 *
 * @example
 * if (err instanceof RedisUnavailableError) res.status(503).end();
 */
export class RedisUnavailableError extends RedisStorageError {
  static override readonly defaultCode: RedisStorageErrorCode = 'redis_unavailable';
  declare readonly code: 'redis_unavailable';
  override readonly retryable = true;
}

/**
 * The client is connected to a read-only replica (`READONLY`). Code `redis_readonly`. Point the
 * client at the primary (or use a cluster client, which follows the topology).
 *
 * @example
 * if (err instanceof RedisReadOnlyError) console.error('REDIS_URL names a replica');
 */
export class RedisReadOnlyError extends RedisStorageError {
  static override readonly defaultCode: RedisStorageErrorCode = 'redis_readonly';
  declare readonly code: 'redis_readonly';
}

/**
 * Redis refused a write because it reached `maxmemory` (`OOM`). Code `redis_oom`. Raise
 * `maxmemory` or choose an eviction policy; the stored value is unchanged.
 *
 * @example
 * if (err instanceof RedisOutOfMemoryError) alertOps('Redis is full');
 */
export class RedisOutOfMemoryError extends RedisStorageError {
  static override readonly defaultCode: RedisStorageErrorCode = 'redis_oom';
  declare readonly code: 'redis_oom';
  override readonly retryable = true;
}

/**
 * A command got no answer within `commandTimeoutMs` while the client reported itself connected.
 * Code `redis_timeout`. Check the server's load (`SLOWLOG`, `INFO`) and
 * the network; the command may still run later, but a value is one `SET`, never half-written.
 *
 * @example
 * if (err instanceof RedisTimeoutError) console.warn(`Redis slow during ${err.operation}`);
 */
export class RedisTimeoutError extends RedisStorageError {
  static override readonly defaultCode: RedisStorageErrorCode = 'redis_timeout';
  declare readonly code: 'redis_timeout';
  override readonly retryable = true;
}
