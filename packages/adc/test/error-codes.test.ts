import {
  ApplicationDefaultCredentialsError,
  CredentialsFileSymbolicLinkError,
  NotSerializableError,
  type OAuth2ErrorCode,
  StorageWriteError,
} from '@oauth2/core/errors';
import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expectTypeOf, it } from 'vitest';
import type { AdcErrorCode } from '../src/index.js';
import * as adc from '../src/index.js';

// Every code of AdcErrorCode and its class: a code added to the union without a class here (or
// one listed here that the union lacks) fails to compile. All are core's codes, core's meaning.
errorCodeSuite('AdcErrorCode', adc, {
  application_default_credentials: ApplicationDefaultCredentialsError,
  not_serializable: NotSerializableError,
  credentials_file_symlink: CredentialsFileSymbolicLinkError,
  storage_write_failed: StorageWriteError,
} satisfies ErrorClassTable<AdcErrorCode>);

describe('AdcErrorCode types', () => {
  it("holds the codes it shares with core with core's meaning", () => {
    expectTypeOf<AdcErrorCode>().toExtend<OAuth2ErrorCode>();
  });
});
