import { runCommand } from './internal/run-command.js';
import { type RedisClientLike, type RedisCommands, redisCommands } from './redis-client.js';
import { RedisStorage, type RedisStorageOptions } from './redis-storage.js';

/** Escape the glob characters of `SCAN MATCH` (`* ? [ ] \`). */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Many credentials in one Redis (one per user, per tenant...), each under
 * `<prefix>{<name>}` with its own lock: the Redis counterpart of the multistore's
 * `getCredentialStorage`. Lists and deletes names too.
 *
 * @example
 * import { createClient } from 'redis';
 * import { RedisStore } from '@oauth2/storage-redis';
 * const store = new RedisStore(await createClient({ url: process.env.REDIS_URL }).connect());
 * await store.storage(`user:${userId}`).put(credentials);
 * const names = await store.names(); // ['user:42', ...]
 */
export class RedisStore {
  /** The key prefix (default `oauth2:`). */
  readonly prefix: string;
  readonly #client: RedisClientLike;
  readonly #commands: RedisCommands;
  readonly #options: RedisStorageOptions;

  /**
   * @param client - a connected node-redis or ioredis client (or cluster); never closed here.
   * @param options - prefix, lock timing, sealing, TTL: shared by every storage handed out.
   */
  constructor(client: RedisClientLike, options: RedisStorageOptions = {}) {
    this.#client = client;
    this.#commands = redisCommands(client);
    this.#options = options;
    this.prefix = options.prefix ?? 'oauth2:';
  }

  /**
   * The storage for one name.
   *
   * @throws {TypeError} the name is empty or a sealing key is not 32 bytes.
   * @example
   * const credentials = await store.storage('user:42').get();
   */
  storage(name: string): RedisStorage {
    return new RedisStorage(this.#client, name, this.#options);
  }

  /**
   * Every stored name (unordered; every master of a cluster is scanned). Lock keys are skipped.
   *
   * @throws {RedisStorageError} Redis failed.
   * @example
   * for (const name of await store.names()) console.log(name);
   */
  async names(): Promise<string[]> {
    const start = `${this.prefix}{`;
    const timeoutMs = this.#options.commandTimeoutMs ?? 5_000;
    return runCommand(this.#commands, timeoutMs * 4, 'keys', `${start}*}`, async () => {
      const names = new Set<string>();
      for await (const key of this.#commands.scan(`${globEscape(start)}*}`)) {
        // Values end with '}', locks with '}:lock'.
        if (key.startsWith(start) && key.endsWith('}')) names.add(key.slice(start.length, -1));
      }
      return [...names];
    });
  }

  /**
   * Delete the credential stored under `name` (under its lock); deleting nothing is fine.
   *
   * @throws {LockTimeoutError} another instance held its lock for `lockWaitMs`.
   * @throws {RedisStorageError} Redis failed.
   * @example
   * await store.delete('user:42'); // the user disconnected the app
   */
  async delete(name: string): Promise<void> {
    await this.storage(name).delete();
  }
}
