import { CredentialsCorruptError, KeyringUnavailableError } from '@oauth2/core';
import { firstLine, unavailable } from './internal/backend-errors.js';
import { EntryLocks, platformMaxValueBytes } from './internal/backend-support.js';
import type { KeyringBackend } from './keyring-backend.js';

/** Options of {@link napiKeyringBackend}. */
export interface NapiKeyringBackendOptions {
  /**
   * Linux only: the credential store. Default `'secret-service'` (GNOME Keyring, KWallet...);
   * `'keyutils'` is the kernel keyring, which forgets everything at logout.
   */
  linuxStore?: 'secret-service' | 'keyutils' | undefined;
  /** Override the value size limit, in UTF-8 bytes (default: the platform's). */
  maxValueBytes?: number | undefined;
}

interface NapiEntry {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deleteCredential(): Promise<boolean>;
}
type NapiModule = {
  AsyncEntry: new (service: string, account: string, options?: object) => NapiEntry;
};

/**
 * The default backend: `@napi-rs/keyring` (prebuilt, no compiler): macOS Keychain, Windows
 * Credential Manager, and on Linux the Secret Service over D-Bus. The native module is loaded on
 * first use, so a platform without a prebuilt binary fails then, with `KeyringUnavailableError`.
 *
 * @example
 * const storage = new KeyringStorage('my-app', 'me@example.com', { backend: napiKeyringBackend() });
 */
export function napiKeyringBackend(options: NapiKeyringBackendOptions = {}): KeyringBackend {
  const locks = new EntryLocks();
  let loaded: Promise<NapiModule> | undefined;
  const entryOptions =
    process.platform === 'linux'
      ? { linux: { store: options.linuxStore ?? 'secret-service' } }
      : {};

  const entry = async (service: string, account: string): Promise<NapiEntry> => {
    loaded ??= import('@napi-rs/keyring') as Promise<NapiModule>;
    let module: NapiModule;
    try {
      module = await loaded;
    } catch (err) {
      loaded = undefined;
      throw unavailable('the @napi-rs/keyring native module could not be loaded', err);
    }
    try {
      return new module.AsyncEntry(service, account, entryOptions);
    } catch (err) {
      throw unavailable(firstLine(err), err);
    }
  };
  const call = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      if (err instanceof KeyringUnavailableError) throw err;
      if (firstLine(err).includes('not valid UTF-8')) {
        throw new CredentialsCorruptError('The keyring value is not UTF-8 text.');
      }
      throw unavailable(firstLine(err), err);
    }
  };

  return {
    name: '@napi-rs/keyring',
    maxValueBytes: options.maxValueBytes ?? platformMaxValueBytes('utf16le'),
    getPassword: async (service, account) =>
      call(async () => (await entry(service, account)).getPassword()),
    setPassword: async (service, account, password) =>
      call(async () => (await entry(service, account)).setPassword(password)),
    deletePassword: async (service, account) =>
      call(async () => (await entry(service, account)).deleteCredential()),
    lockFor: (service, account) => locks.lockFor(service, account),
  };
}
