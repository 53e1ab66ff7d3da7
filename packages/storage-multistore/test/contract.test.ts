import { join } from 'node:path';
import * as core from '@oauth2/core';
import { storageContractSuite, tempDir } from '@oauth2/test-kit';
import { Multistore, type MultistoreStorage } from '../src/index.js';

const { dir, cleanup } = await tempDir('oauth2-contract-');
const path = join(dir, 'store.json');
let n = 0;

// Every storage is another key of one shared file; `reopen` opens the same key through a new
// Multistore object, as another process would.
storageContractSuite('MultistoreStorage', {
  core,
  makeStorage: () => new Multistore(path).storage({ key: `k${++n}`, app: 'contract' }),
  reopen: (storage: MultistoreStorage) => new Multistore(storage.path).storage({ ...storage.key }),
  cleanup,
});
