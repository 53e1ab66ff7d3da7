import { HeldLockStorage, type OAuth2Credentials } from '@oauth2/core';
import type { HeldLock } from '@oauth2/core/fs';
import { canonicalKey } from './internal/canonical-key.js';
import { decodeEntry, encodeEntry } from './internal/entry-codec.js';
import type { StoreFile } from './internal/store-file.js';
import type { MultistoreKey } from './multistore-key.js';

/**
 * The {@link Storage} of one key in a multistore file. Obtain it from `Multistore.storage()` or
 * the `getCredentialStorage*` functions. Reads and writes go to the file every time, under its
 * lock, so every process sharing the file sees the same credential and refreshes it once.
 *
 * @example
 * const storage = getCredentialStorageCustomStringKey('/home/me/.creds.json', 'work');
 * await storage.put(credentials);
 */
export class MultistoreStorage extends HeldLockStorage<HeldLock> {
  /** The key this storage reads and writes. */
  readonly key: MultistoreKey;
  readonly #file: StoreFile;
  readonly #canonical: string;

  /** @internal Use `Multistore.storage()`. */
  constructor(file: StoreFile, key: MultistoreKey) {
    super();
    this.#canonical = canonicalKey(key);
    this.key = { ...key };
    this.#file = file;
  }

  /** The multistore file. */
  get path(): string {
    return this.#file.path;
  }

  /**
   * Take the file's lock (symlinks and directories are refused before any lock is taken).
   *
   * @throws {LockTimeoutError} the lock stayed busy for `lockWaitMs` (default 30 s).
   * @throws {CredentialsFileSymbolicLinkError} the file or its `.lock` is a symlink.
   */
  protected override takeLock(): Promise<HeldLock> {
    return this.#file.lock();
  }

  /**
   * Read this key's credential from the file (hold the lock).
   *
   * @throws {CredentialsCorruptError} the file is corrupt (and `repair` is off).
   * @throws {MultistoreEntryCorruptError} this key's entry cannot be decoded.
   * @throws {NewerCredentialStoreError} the file has a newer `file_version`.
   */
  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    const { data } = await this.#file.read();
    const entry = data.entries.find((e) => e.canonical === this.#canonical);
    if (!entry?.key) return undefined;
    const credentials = decodeEntry(
      { ...entry, key: entry.key },
      data.version,
      this.#file.path,
      this.#file.credentialsOptions,
    );
    credentials.setStore(this, { loaded: true });
    return credentials;
  }

  /**
   * Write this key's credential (hold the lock): re-read the file, replace this one entry, and
   * rewrite the file atomically.
   *
   * @throws {CredentialsCorruptError} the file is corrupt (and `repair` is off); nothing written.
   * @throws {MultistoreKeyError} the file is a 4.x file and the key is not a string key.
   * @throws {LockCompromisedError} the lock was lost; nothing written.
   * @throws {StorageWriteError} the write failed; the file is unchanged.
   */
  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    await this.#file.update(this.heldLock, (data) => {
      const raw = encodeEntry(this.key, credentials, data.version);
      const entry = { key: this.key, canonical: this.#canonical, raw };
      const at = data.entries.findIndex((e) => e.canonical === this.#canonical);
      if (at === -1) data.entries.push(entry);
      else data.entries[at] = entry;
      return true;
    });
  }

  /**
   * Remove this key's entry (hold the lock); a missing key is fine.
   *
   * @throws {CredentialsCorruptError} the file is corrupt (and `repair` is off).
   * @throws {LockCompromisedError} the lock was lost; nothing written.
   */
  override async lockedDelete(): Promise<void> {
    await this.#file.update(this.heldLock, (data) => {
      const before = data.entries.length;
      data.entries = data.entries.filter((e) => e.canonical !== this.#canonical);
      return data.entries.length !== before;
    });
  }
}
