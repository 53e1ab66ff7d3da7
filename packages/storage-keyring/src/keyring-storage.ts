import {
  AsyncMutex,
  CredentialsCorruptError,
  type CredentialsRuntimeOptions,
  HeldLockStorage,
  KeyringValueTooLargeError,
  type OAuth2Credentials,
  OAuth2Error,
  storedCredentialsFromJson,
} from '@oauth2/core';
import type { KeyringBackend } from './keyring-backend.js';
import { napiKeyringBackend } from './napi-keyring-backend.js';

/** Options of {@link KeyringStorage}. */
export interface KeyringStorageOptions {
  /** Default: `napiKeyringBackend()`. Storages sharing a backend object share their locks. */
  backend?: KeyringBackend | undefined;
  /** Passed to the credentials this storage rebuilds (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
}

/**
 * A credential in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager
 * on Windows) under a service name and a user name; the value is the credential's `toJson()`,
 * as oauth2client's `keyring_storage` stored it. Without a usable keyring every operation throws
 * `KeyringUnavailableError`; nothing is ever written to a file instead.
 *
 * The lock is in-process (as in oauth2client): storages sharing one backend object exclude each
 * other; other processes are not excluded (use `@oauth2/storage-multistore` for that).
 *
 * @example
 * import { KeyringStorage } from '@oauth2/storage-keyring';
 * const storage = new KeyringStorage('my-app', 'me@example.com');
 * await storage.put(credentials);
 * const again = await storage.get();
 */
export class KeyringStorage extends HeldLockStorage<{ release(): void }> {
  readonly serviceName: string;
  readonly userName: string;
  /** The keyring backend in use. */
  readonly backend: KeyringBackend;
  readonly #mutex: AsyncMutex;
  readonly #credentialsOptions: CredentialsRuntimeOptions;

  /**
   * @param serviceName - the keyring service (e.g. your application's name).
   * @param userName - the account within the service.
   */
  constructor(serviceName: string, userName: string, options: KeyringStorageOptions = {}) {
    super();
    this.serviceName = serviceName;
    this.userName = userName;
    this.backend = options.backend ?? napiKeyringBackend();
    this.#mutex = this.backend.lockFor?.(serviceName, userName) ?? new AsyncMutex();
    this.#credentialsOptions = options.credentialsOptions ?? {};
  }

  /** Where the value lives, for messages: `keyring:<service>/<user>`. */
  get location(): string {
    return `keyring:${this.serviceName}/${this.userName}`;
  }

  /** Take the in-process lock of this entry. */
  protected override async takeLock(): Promise<{ release(): void }> {
    return { release: await this.#mutex.acquire() };
  }

  /**
   * Read the credential. A missing entry, or the empty value oauth2client's delete left behind,
   * reads as `undefined`.
   *
   * @throws {KeyringUnavailableError} no usable keyring.
   * @throws {CredentialsCorruptError} the value is not a credential (never echoed).
   */
  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    let value: string | null;
    try {
      value = await this.backend.getPassword(this.serviceName, this.userName);
    } catch (err) {
      if (err instanceof CredentialsCorruptError) throw this.#corrupt('not UTF-8 text');
      throw err;
    }
    if (value === null || value === '') return undefined;
    let credentials: OAuth2Credentials;
    try {
      credentials = storedCredentialsFromJson(value, this.#credentialsOptions);
    } catch (err) {
      // Only the error's code: its message or cause may quote the value (a `_class` name...).
      throw this.#corrupt(err instanceof OAuth2Error ? err.code : 'not a credential');
    }
    credentials.setStore(this, { loaded: true });
    return credentials;
  }

  /**
   * Write the credential. A value too large for the backend is refused before anything is
   * written.
   *
   * @throws {KeyringValueTooLargeError} the value exceeds the backend's limit.
   * @throws {KeyringUnavailableError} no usable keyring.
   */
  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    const value = credentials.toJson();
    const size = Buffer.byteLength(value, 'utf8');
    const limit = this.backend.maxValueBytes;
    if (size > limit) {
      throw new KeyringValueTooLargeError(
        `The credential (${size} bytes) is larger than ${this.backend.name} can store here ` +
          `(${limit} bytes); nothing was written. Use a file storage for it.`,
        { size, limit },
      );
    }
    await this.backend.setPassword(this.serviceName, this.userName, value);
  }

  /**
   * Delete the entry (oauth2client wrote an empty value instead); a missing entry is fine.
   *
   * @throws {KeyringUnavailableError} no usable keyring.
   */
  override async lockedDelete(): Promise<void> {
    await this.backend.deletePassword(this.serviceName, this.userName);
  }

  #corrupt(why: string): CredentialsCorruptError {
    return new CredentialsCorruptError(
      `The keyring entry ${this.location} does not hold a credential (${why}). Store the ` +
        'credential again to replace it.',
      { location: this.location },
    );
  }
}
