import type { CredentialsRuntimeOptions } from './credentials.js';
import { HeldLockStorage } from './held-lock-storage.js';
import type { OAuth2Credentials } from './oauth2-credentials.js';
import { storedCredentialsFromJson } from './stored-credentials.js';
import { AsyncMutex } from './sync/mutex.js';

/**
 * Where a {@link MemoryStorage} keeps its value. Several storages built on one backend behave
 * like several processes sharing one file: they see each other's writes and share the lock.
 */
export class MemoryStorageBackend {
  /** The stored `toJson()` text, if any. */
  value: string | undefined;
  /** The lock shared by every storage on this backend. */
  readonly mutex: AsyncMutex = new AsyncMutex();
}

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /** Share a backend between storages (default: a fresh one). */
  backend?: MemoryStorageBackend | undefined;
  /** Passed to the credentials this storage rebuilds (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
}

/**
 * The reference {@link Storage}: keeps the credential's `toJson()` text in memory and rebuilds a
 * fresh credential on every read, exactly as a file storage would.
 *
 * @example
 * const storage = new MemoryStorage();
 * await storage.put(credentials);
 * const again = await storage.get(); // attached to the storage: refreshes are written back
 */
export class MemoryStorage extends HeldLockStorage<{ release(): void }> {
  /** The backend holding the value and the lock. */
  readonly backend: MemoryStorageBackend;
  readonly #credentialsOptions: CredentialsRuntimeOptions;

  constructor(options: MemoryStorageOptions = {}) {
    super();
    this.backend = options.backend ?? new MemoryStorageBackend();
    this.#credentialsOptions = options.credentialsOptions ?? {};
  }

  protected override async takeLock(): Promise<{ release(): void }> {
    return { release: await this.backend.mutex.acquire() };
  }

  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    if (this.backend.value === undefined) return undefined;
    const credentials = storedCredentialsFromJson(this.backend.value, this.#credentialsOptions);
    credentials.setStore(this, { loaded: true });
    return credentials;
  }

  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    this.backend.value = credentials.toJson();
  }

  override async lockedDelete(): Promise<void> {
    this.backend.value = undefined;
  }
}
