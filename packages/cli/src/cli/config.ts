import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './io.js';

/** Settings a profile (or the top level of config.json) may hold. */
export interface Profile {
  clientSecrets?: string;
  clientId?: string;
  clientSecretFile?: string;
  issuer?: string;
  scope?: string | string[];
  store?: StoreKind;
  storePath?: string;
  account?: string;
}

/** Where an account's credential was stored at login, and against which provider. */
export interface AccountRecord {
  store: StoreKind;
  storePath?: string;
  issuer?: string;
}

/** `~/.config/oauth2/config.json`. */
export interface ConfigFile extends Profile {
  profiles?: Record<string, Profile>;
  accounts?: Record<string, AccountRecord>;
}

export type StoreKind = 'keyring' | 'file' | 'multistore';
export const STORE_KINDS: readonly StoreKind[] = ['keyring', 'file', 'multistore'];

/** `$OAUTH2_CONFIG_DIR`, else `$XDG_CONFIG_HOME/oauth2`, else `~/.config/oauth2`. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.OAUTH2_CONFIG_DIR) return env.OAUTH2_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'oauth2');
}

export function configPath(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'config.json');
}

/**
 * Read config.json; a missing file is an empty config. Our own small file, so plain
 * `JSON.parse` under a size cap (core's `parseJson` would load zod on the fast path).
 * @throws {Error} the file is not a JSON object (the message names the file).
 */
export async function readConfig(env: NodeJS.ProcessEnv): Promise<ConfigFile> {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let value: unknown;
  try {
    if (text.length > 1_000_000) throw new Error('too large');
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`The configuration file ${path} is not a JSON object; fix or delete it.`);
  }
  return value as ConfigFile;
}

/** Write config.json atomically with mode 0600 (core's atomic write, loaded only here). */
export async function writeConfig(env: NodeJS.ProcessEnv, config: ConfigFile): Promise<void> {
  const { writeFileAtomic } = await import('@oauth2/core/fs');
  await writeFileAtomic(configPath(env), `${JSON.stringify(config, null, 2)}\n`, {
    mode: 0o600,
    createDirectories: true,
  });
}

/** Flags every command shares. */
export interface CommonFlags {
  account?: string | undefined;
  store?: string | undefined;
  'store-path'?: string | undefined;
  profile?: string | undefined;
}

/** The account and the store it lives in, after flags > environment > profile. */
export interface Target {
  account: string;
  store: StoreKind;
  storePath: string | undefined;
  /** The issuer the account logged in with, if any. */
  issuer: string | undefined;
  profile: Profile;
  /** The profile's name, when one was chosen. */
  profileName: string | undefined;
  config: ConfigFile;
}

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

/**
 * Resolve the account and its store: flags, then `OAUTH2_*` environment variables, then the
 * account's record from its login, then the profile, then the defaults (`default`, keyring).
 * @throws {UsageError} an unknown profile or store, or an account name unsafe for a file name.
 */
export function resolveTarget(
  flags: CommonFlags,
  env: NodeJS.ProcessEnv,
  config: ConfigFile,
): Target {
  const profileName = flags.profile ?? env.OAUTH2_PROFILE;
  let profile: Profile = config;
  if (profileName) {
    const found = config.profiles?.[profileName];
    if (!found) throw new UsageError(`No profile "${profileName}" in the configuration file.`);
    profile = found;
  }
  const account = flags.account ?? env.OAUTH2_ACCOUNT ?? profile.account ?? 'default';
  if (!ACCOUNT_NAME.test(account)) {
    throw new UsageError(
      'An account name is 1-64 letters, digits and . _ @ + - (starting with a letter or digit).',
    );
  }
  const record = config.accounts?.[account];
  const store = flags.store ?? env.OAUTH2_STORE ?? record?.store ?? profile.store ?? 'keyring';
  if (!STORE_KINDS.includes(store as StoreKind)) {
    throw new UsageError(`--store must be one of ${STORE_KINDS.join(', ')}.`);
  }
  const explicitStore = flags.store ?? env.OAUTH2_STORE;
  const storePath =
    flags['store-path'] ??
    env.OAUTH2_STORE_PATH ??
    (explicitStore === undefined || explicitStore === record?.store
      ? record?.storePath
      : undefined) ??
    profile.storePath;
  return {
    account,
    store: store as StoreKind,
    storePath,
    issuer: record?.issuer ?? profile.issuer,
    profile,
    profileName: profileName || undefined,
    config,
  };
}
