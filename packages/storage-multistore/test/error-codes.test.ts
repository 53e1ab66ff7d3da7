import {
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  LockCompromisedError,
  LockTimeoutError,
  NewerCredentialStoreError,
  type OAuth2ErrorCode,
  StorageWriteError,
} from '@oauth2/core/errors';
import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as multistore from '../src/index.js';
import {
  MultistoreEntryCorruptError,
  type MultistoreErrorCode,
  MultistoreKeyError,
} from '../src/index.js';

// Every code of MultistoreErrorCode and its class: a code added to the union without a class here
// (or one listed here that the union lacks) fails to compile.
errorCodeSuite('MultistoreErrorCode', multistore, {
  multistore_key_invalid: MultistoreKeyError,
  credentials_corrupt: MultistoreEntryCorruptError,
  newer_credential_store: NewerCredentialStoreError,
  lock_timeout: LockTimeoutError,
  lock_compromised: LockCompromisedError,
  credentials_file_symlink: CredentialsFileSymbolicLinkError,
  storage_write_failed: StorageWriteError,
} satisfies ErrorClassTable<MultistoreErrorCode>);

describe('MultistoreErrorCode types', () => {
  it("holds the codes it shares with core with core's meaning", () => {
    expectTypeOf<
      Exclude<MultistoreErrorCode, 'multistore_key_invalid'>
    >().toExtend<OAuth2ErrorCode>();
    expect(new MultistoreEntryCorruptError('bad', { key: { k: 'v' } })).toBeInstanceOf(
      CredentialsCorruptError,
    );
  });
});
