import { join, resolve } from 'node:path';
import { configDir, type StoreKind } from './config.js';

/** The keyring service name the CLI stores its accounts under. */
export const KEYRING_SERVICE = 'oauth2-cli';

/** Where an account's credential lives. */
export interface StoreLocation {
  kind: StoreKind;
  account: string;
  /** The file (file and multistore stores). */
  path: string | undefined;
  /** For people: `file:/path`, `multistore:/path [account]`, `keyring:oauth2-cli/account`. */
  description: string;
}

/**
 * Locate an account's store: a file store is `--store-path` (one credential, the exact file
 * Python's `file.Storage` reads) or `~/.config/oauth2/credentials/<account>.json`; a multistore is
 * `--store-path` or `~/.config/oauth2/multistore.json`, keyed by the account name; the keyring
 * entry is service `oauth2-cli`, user `<account>`.
 */
export function storeLocation(
  kind: StoreKind,
  account: string,
  storePath: string | undefined,
  env: NodeJS.ProcessEnv,
): StoreLocation {
  switch (kind) {
    case 'file': {
      const path = resolve(storePath ?? join(configDir(env), 'credentials', `${account}.json`));
      return { kind, account, path, description: `file:${path}` };
    }
    case 'multistore': {
      const path = resolve(storePath ?? join(configDir(env), 'multistore.json'));
      return { kind, account, path, description: `multistore:${path} [${account}]` };
    }
    case 'keyring':
      return {
        kind,
        account,
        path: undefined,
        description: `keyring:${KEYRING_SERVICE}/${account}`,
      };
  }
}
