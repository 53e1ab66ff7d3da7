import {
  CredentialsCorruptError,
  KeyringUnavailableError,
  KeyringValueTooLargeError,
  type OAuth2ErrorCode,
} from '@oauth2/core/errors';
import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expectTypeOf, it } from 'vitest';
import type { KeyringStorageErrorCode } from '../src/index.js';
import * as keyring from '../src/index.js';

// Every code of KeyringStorageErrorCode and its class: a code added to the union without a class
// here (or one listed here that the union lacks) fails to compile. All are core's codes.
errorCodeSuite('KeyringStorageErrorCode', keyring, {
  keyring_unavailable: KeyringUnavailableError,
  keyring_value_too_large: KeyringValueTooLargeError,
  credentials_corrupt: CredentialsCorruptError,
} satisfies ErrorClassTable<KeyringStorageErrorCode>);

describe('KeyringStorageErrorCode types', () => {
  it("holds the codes it shares with core with core's meaning", () => {
    expectTypeOf<KeyringStorageErrorCode>().toExtend<OAuth2ErrorCode>();
  });
});
