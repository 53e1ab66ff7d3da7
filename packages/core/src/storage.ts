import { AccessTokenCredentials } from './access-token-credentials.js';
import { Credentials } from './credentials.js';
import { GoogleCredentials } from './google-credentials.js';
import { OAuth2Credentials } from './oauth2-credentials.js';

/**
 * Where credentials live between runs: a file, a multistore entry, the OS keyring, memory.
 * Port of `oauth2client.client.Storage`.
 *
 * A storage implements the five `locked*`/lock primitives; the public `get`, `put` and `delete`
 * wrap them in the lock. The lock must exclude other processes when the backing store is shared
 * between processes, because credentials refresh under it (re-read the store, adopt a newer token
 * or refresh once, write back), which is what keeps N processes from refreshing N times.
 *
 * Locks are not re-entrant: never call `get`/`put`/`delete` while holding the lock; use the
 * `locked*` methods instead.
 *
 * `C` is the credential type the storage yields: by default {@link OAuth2Credentials}, which
 * every storable credential class is, so `(await storage.get())?.getAccessToken()` type-checks.
 *
 * @example
 * class MyStorage extends Storage {
 *   async acquireLock() { ... }
 *   async releaseLock() { ... }
 *   async lockedGet() { ... }
 *   async lockedPut(credentials) { ... }
 *   async lockedDelete() { ... }
 * }
 */
export abstract class Storage<C extends Credentials = OAuth2Credentials> {
  /**
   * Registers core's credential classes with `Credentials.newFromJson` (what stores hold in
   * practice), so a store of user credentials loads without a `Credentials.register` call; other
   * packages' classes are registered by the application. Nothing happens at import.
   */
  constructor() {
    Credentials.register(OAuth2Credentials, AccessTokenCredentials, GoogleCredentials);
  }

  /** Acquire the lock (waiting as long as the storage's policy allows, then throwing). */
  abstract acquireLock(): Promise<void>;
  /** Release the lock; call it only after a successful {@link acquireLock}. */
  abstract releaseLock(): Promise<void>;
  /** Read the credential while holding the lock; `undefined` when there is none. */
  abstract lockedGet(): Promise<C | undefined>;
  /** Write the credential while holding the lock. */
  abstract lockedPut(credentials: C): Promise<void>;
  /** Delete the credential while holding the lock. Deleting nothing is not an error. */
  abstract lockedDelete(): Promise<void>;

  /** Run `fn` holding the lock; the lock is released even when `fn` throws. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquireLock();
    try {
      return await fn();
    } finally {
      await this.releaseLock();
    }
  }

  /**
   * Read the credential. The returned credential is attached to this storage (`setStore`), so
   * its refreshes are written back here.
   * @example
   * const credentials = await storage.get();
   * const token = await credentials?.getAccessToken();
   */
  async get(): Promise<C | undefined> {
    const credentials = await this.withLock(() => this.lockedGet());
    credentials?.setStore(this, { loaded: true });
    return credentials;
  }

  /** Write the credential. */
  async put(credentials: C): Promise<void> {
    await this.withLock(() => this.lockedPut(credentials));
  }

  /** Delete the credential. */
  async delete(): Promise<void> {
    await this.withLock(() => this.lockedDelete());
  }
}
