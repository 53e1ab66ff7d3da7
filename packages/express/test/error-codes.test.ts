import {
  InvalidClientSecretsError,
  OAuth2Error,
  type OAuth2ErrorCode,
  UnknownClientSecretsFlowError,
} from '@oauth2/core/errors';
import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expectTypeOf, it } from 'vitest';
import * as express from '../src/index.js';
import { type ExpressErrorCode, OAuth2ConfigurationError } from '../src/index.js';

// Every code of ExpressErrorCode and its class: a code added to the union without a class here
// (or one listed here that the union lacks) fails to compile.
errorCodeSuite('ExpressErrorCode', express, {
  oauth2_configuration: OAuth2ConfigurationError,
  invalid_client_secrets: InvalidClientSecretsError,
  unknown_client_secrets_flow: UnknownClientSecretsFlowError,
  oauth2_error: OAuth2Error,
} satisfies ErrorClassTable<ExpressErrorCode>);

describe('ExpressErrorCode types', () => {
  it("holds the codes it shares with core with core's meaning", () => {
    expectTypeOf<Exclude<ExpressErrorCode, 'oauth2_configuration'>>().toExtend<OAuth2ErrorCode>();
  });
});
