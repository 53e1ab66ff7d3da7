import * as core from '@oauth2/core';
import { storageContractSuite } from '@oauth2/test-kit';
import { describe } from 'vitest';
import {
  type KeyringBackend,
  KeyringStorage,
  keytarBackend,
  napiKeyringBackend,
} from '../src/index.js';
import { requireSecretService, SKIP_ENV, uniqueService } from './secret-service.js';

const available = await requireSecretService();

for (const [name, backend] of [
  ['@napi-rs/keyring', napiKeyringBackend()],
  ['keytar', keytarBackend()],
] as [string, KeyringBackend][]) {
  describe.skipIf(!available)(
    `KeyringStorage over ${name} (skipped only with ${SKIP_ENV}=1)`,
    () => {
      const service = uniqueService(name.replace(/\W/g, ''));
      const users: string[] = [];
      storageContractSuite(`KeyringStorage (${name})`, {
        core,
        makeStorage: () => {
          users.push(`user-${users.length}`);
          return new KeyringStorage(service, users.at(-1) ?? '', { backend });
        },
        // Another storage object on the same entry; sharing the backend object shares the lock.
        reopen: (storage) => new KeyringStorage(storage.serviceName, storage.userName, { backend }),
        cleanup: async () => {
          for (const user of users) await backend.deletePassword(service, user);
        },
      });
    },
  );
}
