import { firstLine, unavailable } from './internal/backend-errors.js';
import { EntryLocks, platformMaxValueBytes } from './internal/backend-support.js';
import type { KeyringBackend } from './keyring-backend.js';

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Options of {@link keytarBackend}. */
export interface KeytarBackendOptions {
  /** Override the value size limit, in UTF-8 bytes (default: the platform's). */
  maxValueBytes?: number | undefined;
}

/**
 * A backend over `keytar` (the original choice of Node tools; archived upstream), for users who
 * already keep secrets there: keytar and `@napi-rs/keyring` cannot read each other's entries.
 * `keytar` is an optional peer dependency, loaded on first use: without it, the first operation
 * throws `KeyringUnavailableError`.
 *
 * @example
 * const storage = new KeyringStorage('my-app', 'me@example.com', { backend: keytarBackend() });
 */
export function keytarBackend(options: KeytarBackendOptions = {}): KeyringBackend {
  const locks = new EntryLocks();
  let loaded: Promise<KeytarModule> | undefined;
  const keytar = async (): Promise<KeytarModule> => {
    // A variable specifier keeps bundlers and type checkers from requiring the optional peer.
    const specifier = 'keytar';
    loaded ??= import(specifier).then(
      (m: { default?: KeytarModule } & KeytarModule) => m.default ?? m,
    );
    try {
      return await loaded;
    } catch (err) {
      loaded = undefined;
      throw unavailable('keytar is not installed or could not be loaded: npm install keytar', err);
    }
  };
  const call = async <T>(op: (k: KeytarModule) => Promise<T>): Promise<T> => {
    const k = await keytar();
    try {
      return await op(k);
    } catch (err) {
      throw unavailable(firstLine(err), err);
    }
  };
  return {
    name: 'keytar',
    maxValueBytes: options.maxValueBytes ?? platformMaxValueBytes('utf8'),
    getPassword: (service, account) => call((k) => k.getPassword(service, account)),
    setPassword: (service, account, password) =>
      call((k) => k.setPassword(service, account, password)),
    deletePassword: (service, account) => call((k) => k.deletePassword(service, account)),
    lockFor: (service, account) => locks.lockFor(service, account),
  };
}
