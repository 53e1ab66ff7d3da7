import { join } from 'node:path';
import * as core from '@oauth2/core';
import { storageContractSuite, tempDir } from '@oauth2/test-kit';
import { FileStorage } from '../src/index.js';

const { dir, cleanup } = await tempDir('oauth2-contract-');
let n = 0;

storageContractSuite('FileStorage', {
  core,
  makeStorage: () => new FileStorage(join(dir, `creds-${++n}.json`)),
  reopen: (storage) => new FileStorage(storage.path),
  cleanup,
});
