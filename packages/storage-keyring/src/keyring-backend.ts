import type { AsyncMutex } from '@oauth2/core';

/**
 * Where a {@link KeyringStorage} keeps secrets: the OS keyring behind a small password API. Two
 * backends ship (`napiKeyringBackend()`, the default, and `keytarBackend()`); any object with this
 * shape works, e.g. a fake for tests.
 *
 * Errors: a backend throws `KeyringUnavailableError` when the keyring cannot be used, and
 * `CredentialsCorruptError` when a stored value cannot be read as text. It never falls back to
 * anything else.
 */
export interface KeyringBackend {
  /** A name for messages (`@napi-rs/keyring`, `keytar`...). */
  readonly name: string;
  /** The largest value, in UTF-8 bytes, this backend stores on this platform. */
  readonly maxValueBytes: number;
  /** The stored value, or `null` when there is none. */
  getPassword(service: string, account: string): Promise<string | null>;
  /** Store a value, replacing any previous one. */
  setPassword(service: string, account: string, password: string): Promise<void>;
  /** Delete the value; resolves whether there was one. */
  deletePassword(service: string, account: string): Promise<boolean>;
  /**
   * The in-process lock of one entry. Storages sharing a backend object share their locks;
   * without this method each storage has its own.
   */
  lockFor?(service: string, account: string): AsyncMutex;
}
