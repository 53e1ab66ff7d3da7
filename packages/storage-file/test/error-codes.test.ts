import {
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  InsecureCredentialFileError,
  IsADirectoryError,
  LockCompromisedError,
  LockTimeoutError,
  type OAuth2ErrorCode,
  StorageWriteError,
} from '@oauth2/core/errors';
import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expectTypeOf, it } from 'vitest';
import type { FileStorageErrorCode } from '../src/index.js';
import * as storage from '../src/index.js';

// Every code of FileStorageErrorCode and its class: a code added to the union without a class
// here (or one listed here that the union lacks) fails to compile. All are core's codes.
errorCodeSuite('FileStorageErrorCode', storage, {
  credentials_corrupt: CredentialsCorruptError,
  credentials_file_symlink: CredentialsFileSymbolicLinkError,
  insecure_credential_file: InsecureCredentialFileError,
  is_a_directory: IsADirectoryError,
  lock_timeout: LockTimeoutError,
  lock_compromised: LockCompromisedError,
  storage_write_failed: StorageWriteError,
} satisfies ErrorClassTable<FileStorageErrorCode>);

describe('FileStorageErrorCode types', () => {
  it("holds the codes it shares with core with core's meaning", () => {
    expectTypeOf<FileStorageErrorCode>().toExtend<OAuth2ErrorCode>();
  });
});
