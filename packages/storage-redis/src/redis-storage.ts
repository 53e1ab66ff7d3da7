import {
  CredentialsCorruptError,
  type CredentialsRuntimeOptions,
  HeldLockStorage,
  LockCompromisedError,
  type OAuth2Credentials,
  OAuth2Error,
  storedCredentialsFromJson,
} from '@oauth2/core';
import { CredentialSealer, type SealingKey } from '@oauth2/core/seal';
import { type HeldRedisLock, RedisLock } from './internal/redis-lock.js';
import { runCommand } from './internal/run-command.js';
import { FENCED_DEL, FENCED_SET, PLAIN_DEL, PLAIN_SET } from './internal/scripts.js';
import { type RedisClientLike, type RedisCommands, redisCommands } from './redis-client.js';

/** Options of {@link RedisStorage} and {@link RedisStore}. */
export interface RedisStorageOptions {
  /** Prepended to every key (default `oauth2:`). */
  prefix?: string | undefined;
  /** Wait at most this long for the lock, then throw `LockTimeoutError` (default 30 000 ms). */
  lockWaitMs?: number | undefined;
  /**
   * The lock expires this long after it was taken or last extended, so a holder that died stops
   * blocking the others (default 10 000 ms, minimum 300). It is extended every third of it while held.
   */
  lockTtlMs?: number | undefined;
  /** A command with no answer for this long fails with a typed error (default 5 000 ms). */
  commandTimeoutMs?: number | undefined;
  /**
   * Seal values at rest with AES-256-GCM (32-byte keys, raw or base64). The first key seals,
   * every key unseals: rotate by putting a new key first. A wrong key or an altered value reads
   * as `CredentialsCorruptError`, never as a missing credential.
   */
  sealingKeys?: readonly SealingKey[] | undefined;
  /** With `sealingKeys`: read plain JSON values too (to migrate; the next write seals). */
  acceptUnsealed?: boolean | undefined;
  /**
   * Expire values this long after each write, for credentials without a refresh token (an
   * access token alone is worthless once expired). Never applied to a credential holding a
   * refresh token unless `ttlRefreshable` is set.
   */
  ttlMs?: number | undefined;
  /** Apply `ttlMs` to credentials holding a refresh token too (they vanish if unused that long). */
  ttlRefreshable?: boolean | undefined;
  /** Passed to the credentials this storage rebuilds (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
}

/** The Redis keys of one stored credential: value and lock share the `{name}` hash tag. */
export function redisKeysOf(prefix: string, name: string): { value: string; lock: string } {
  if (name.length === 0) throw new TypeError('A Redis storage name must not be empty.');
  const value = `${prefix}{${name}}`;
  return { value, lock: `${value}:lock` };
}

/**
 * One credential in one Redis key, shared by every instance of an app: the value is exactly
 * `credentials.toJson()` (what `@oauth2/storage-file` writes and oauth2client reads), optionally
 * sealed. A Redis lock (`SET NX PX` with a random token, extended while held, released by its
 * owner only) makes a refresh happen once across all instances: the first re-reads the value,
 * refreshes and writes back; the others find the new token and adopt it. A holder that dies
 * leaves a lock that expires after `lockTtlMs`.
 *
 * The client is yours: connected node-redis or ioredis, standalone or cluster. Nothing here
 * connects, closes or subscribes.
 *
 * @example
 * import { createClient } from 'redis';
 * import { RedisStorage } from '@oauth2/storage-redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const storage = new RedisStorage(redis, 'user:42');
 * const credentials = await storage.get(); // undefined until something was stored
 * const { accessToken } = await credentials!.getAccessToken(); // one refresh across instances
 */
export class RedisStorage extends HeldLockStorage<HeldRedisLock> {
  /** The name given (`user:42`). */
  readonly name: string;
  /** The Redis key of the value (`oauth2:{user:42}`); the lock is `<key>:lock`. */
  readonly key: string;
  /** The Redis key of the lock. */
  readonly lockKey: string;
  readonly #commands: RedisCommands;
  readonly #lock: RedisLock;
  readonly #sealer: CredentialSealer | undefined;
  readonly #options: RedisStorageOptions;
  readonly #waitMs: number;
  readonly #timeoutMs: number;

  /**
   * @param client - a connected node-redis or ioredis client (or cluster), or {@link RedisCommands}.
   * @param name - the credential's name (a user id...); stored under `<prefix>{<name>}`.
   * @param options - key prefix, lock timing, sealing, TTL.
   * @throws {TypeError} the name is empty, or a sealing key is not 32 bytes.
   */
  constructor(client: RedisClientLike, name: string, options: RedisStorageOptions = {}) {
    super();
    const keys = redisKeysOf(options.prefix ?? 'oauth2:', name);
    this.name = name;
    this.key = keys.value;
    this.lockKey = keys.lock;
    this.#commands = redisCommands(client);
    this.#options = options;
    this.#waitMs = options.lockWaitMs ?? 30_000;
    this.#timeoutMs = options.commandTimeoutMs ?? 5_000;
    this.#sealer = options.sealingKeys ? new CredentialSealer(options.sealingKeys) : undefined;
    this.#lock = new RedisLock(this.#commands, this.lockKey, this.#where, {
      waitMs: this.#waitMs,
      ttlMs: Math.max(options.lockTtlMs ?? 10_000, 300),
      commandTimeoutMs: this.#timeoutMs,
    });
  }

  get #where(): string {
    return `redis key ${this.key}`;
  }

  /**
   * Take the Redis lock.
   *
   * @throws {LockTimeoutError} another instance held it for `lockWaitMs`.
   * @throws {RedisStorageError} Redis failed (`RedisUnavailableError`, `RedisReadOnlyError`...).
   */
  protected override takeLock(): Promise<HeldRedisLock> {
    return this.#lock.acquire();
  }

  /**
   * Read the credential with one round trip, waiting (without taking the lock) while another
   * instance holds the lock, so a read never sees the value a refresh is about to replace.
   *
   * @throws {CredentialsCorruptError} the value is not a credential, or fails unsealing.
   * @throws {LockTimeoutError} the lock stayed held for `lockWaitMs`.
   * @throws {RedisStorageError} Redis failed.
   */
  override async get(): Promise<OAuth2Credentials | undefined> {
    const started = Date.now();
    const deadline = started + this.#waitMs;
    for (let attempt = 0; ; attempt++) {
      // One MGET of value and lock (one slot): a native command, as cheap as a GET.
      const [value, lock] = await this.#run('get', () =>
        this.#commands.mget([this.key, this.lockKey]),
      );
      if (lock === null || lock === undefined) {
        const credentials = this.#decode(value ?? null);
        credentials?.setStore(this, { loaded: true });
        return credentials;
      }
      if (!(await RedisLock.backoff(attempt, deadline))) throw this.#lock.timeoutError(started);
    }
  }

  /**
   * Read the credential (call while holding the lock).
   *
   * @throws {CredentialsCorruptError} the value is not a credential, or fails unsealing.
   * @throws {RedisStorageError} Redis failed.
   */
  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    const value = await this.#run('get', () => this.#commands.get(this.key));
    const credentials = this.#decode(value);
    credentials?.setStore(this, { loaded: true });
    return credentials;
  }

  /**
   * Write the credential in one `SET` (call while holding the lock; the write happens only if
   * the lock is still ours).
   *
   * @throws {LockCompromisedError} the lock expired while held; nothing was written.
   * @throws {RedisStorageError} Redis failed; the stored value is unchanged.
   */
  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    const value = this.#encode(credentials.toJson());
    const ttl = this.#ttlFor(credentials);
    const held = this.heldLock;
    if (!held) {
      // Not under our lock (a caller driving the primitives directly): a plain SET.
      await this.#run('put', () =>
        this.#commands.eval(PLAIN_SET, [this.key], [value, String(ttl)]),
      );
      return;
    }
    this.#assertHeld(held);
    const written = await this.#run('put', () =>
      this.#commands.eval(FENCED_SET, [this.key, this.lockKey], [held.token, value, String(ttl)]),
    );
    if (Number(written) !== 1) throw this.#lost();
  }

  /**
   * Delete the credential (call while holding the lock). Deleting nothing is fine.
   *
   * @throws {LockCompromisedError} the lock expired while held; nothing was deleted.
   * @throws {RedisStorageError} Redis failed; the stored value is unchanged.
   */
  override async lockedDelete(): Promise<void> {
    const held = this.heldLock;
    if (!held) {
      await this.#run('delete', () => this.#commands.eval(PLAIN_DEL, [this.key], []));
      return;
    }
    this.#assertHeld(held);
    const done = await this.#run('delete', () =>
      this.#commands.eval(FENCED_DEL, [this.key, this.lockKey], [held.token]),
    );
    if (Number(done) !== 1) throw this.#lost();
  }

  #run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return runCommand(this.#commands, this.#timeoutMs, operation, this.key, fn);
  }

  #ttlFor(credentials: OAuth2Credentials): number {
    const ttl = this.#options.ttlMs;
    if (ttl === undefined || ttl <= 0) return 0;
    if (credentials.refreshToken && !this.#options.ttlRefreshable) return 0;
    return Math.ceil(ttl);
  }

  #assertHeld(held: HeldRedisLock): void {
    if (held.compromised) throw held.compromised;
  }

  #lost(): LockCompromisedError {
    return new LockCompromisedError(
      `The Redis lock on ${this.#where} was no longer ours at write time (it expired after ` +
        'a pause longer than its TTL). Nothing was written; retry the operation.',
      { location: this.#where },
    );
  }

  #encode(json: string): string {
    return this.#sealer ? this.#sealer.seal(json, this.key) : json;
  }

  #decode(value: string | null): OAuth2Credentials | undefined {
    if (value === null || value.length === 0) return undefined;
    let json = value;
    if (this.#sealer && (CredentialSealer.isSealed(value) || !this.#options.acceptUnsealed)) {
      json = this.#sealer.unseal(value, this.key, this.#where);
    } else if (!this.#sealer && CredentialSealer.isSealed(value)) {
      throw this.#corrupt('sealed, but no sealingKeys were given');
    }
    try {
      return storedCredentialsFromJson(json, this.#options.credentialsOptions ?? {});
    } catch (err) {
      // Only the code: a message or cause may quote the stored content.
      throw this.#corrupt(err instanceof OAuth2Error ? err.code : 'not a credential');
    }
  }

  #corrupt(reason: string): CredentialsCorruptError {
    return new CredentialsCorruptError(
      `The credential at ${this.#where} is corrupt (${reason}). It was left as it is; store ` +
        'the credential again (put overwrites it) or delete it.',
      { location: this.#where },
    );
  }
}
