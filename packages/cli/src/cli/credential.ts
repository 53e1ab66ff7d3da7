import type { OAuth2Credentials, Storage } from '@oauth2/core';
import type { Target } from './config.js';
import { type Io, LoginNeededError } from './io.js';
import { openStore } from './open-store.js';
import { type StoreLocation, storeLocation } from './store-location.js';

/** An account's stored credential, attached to its store (refreshes are written back there). */
export interface LoadedCredential {
  location: StoreLocation;
  storage: Storage;
  credentials: OAuth2Credentials;
}

/**
 * Load the account's credential from its store.
 * @throws {LoginNeededError} nothing stored (exit 4).
 * @throws {CredentialsCorruptError} the stored value is not a credential (exit 1; the message
 *   names the file or entry, and nothing is overwritten).
 */
export async function loadCredential(target: Target, io: Io): Promise<LoadedCredential> {
  const location = storeLocation(target.store, target.account, target.storePath, io.env);
  const storage = await openStore(location);
  const credentials = (await storage.get()) as OAuth2Credentials | undefined;
  if (!credentials) {
    const flag = target.account === 'default' ? '' : ` --account ${target.account}`;
    throw new LoginNeededError(
      `No credential for account "${target.account}" in ${location.description}. Run 'oauth2 login${flag}'.`,
    );
  }
  if (typeof (credentials as { getAccessToken?: unknown }).getAccessToken !== 'function') {
    throw new Error(`The credential in ${location.description} cannot issue access tokens.`);
  }
  return { location, storage, credentials };
}
