import { storageContractSuite } from '@oauth2/test-kit';
import * as core from './index.js';
import { MemoryStorage } from './memory-storage.js';

storageContractSuite('MemoryStorage', {
  core,
  makeStorage: () => new MemoryStorage(),
  reopen: (storage) => new MemoryStorage({ backend: storage.backend }),
});
