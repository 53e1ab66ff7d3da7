import type { Storage } from '@oauth2/core';
import { nodeFetch } from './node-fetch.js';
import { KEYRING_SERVICE, type StoreLocation } from './store-location.js';

/** Open the storage at `location`, importing only that storage's package. */
export async function openStore(location: StoreLocation): Promise<Storage> {
  const credentialsOptions = { fetch: nodeFetch };
  switch (location.kind) {
    case 'file': {
      const { FileStorage } = await import('@oauth2/storage-file');
      return new FileStorage(location.path as string, { credentialsOptions });
    }
    case 'multistore': {
      const { getCredentialStorageCustomStringKey } = await import('@oauth2/storage-multistore');
      return getCredentialStorageCustomStringKey(location.path as string, location.account, {
        credentialsOptions,
      });
    }
    case 'keyring': {
      const { KeyringStorage } = await import('@oauth2/storage-keyring');
      return new KeyringStorage(KEYRING_SERVICE, location.account, { credentialsOptions });
    }
  }
}
