import { NotSerializableError } from '@oauth2/core/errors';
import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as devshell from '../src/index.js';
import {
  CommunicationError,
  DevshellError,
  type DevshellErrorCode,
  NoDevshellServer,
} from '../src/index.js';

// Every code of the union and its class: a code added to DevshellErrorCode without a class here
// (or one listed here that the union lacks) fails to compile.
errorCodeSuite('DevshellErrorCode', devshell, {
  devshell_error: DevshellError,
  no_devshell_server: NoDevshellServer,
  devshell_communication: CommunicationError,
  timeout: CommunicationError,
  invalid_port: DevshellError,
  no_access_token: DevshellError,
  not_serializable: NotSerializableError,
} satisfies ErrorClassTable<DevshellErrorCode>);

describe('DevshellErrorCode types', () => {
  it('switch (err.code) narrows to the class', () => {
    const describeError = (err: NoDevshellServer | CommunicationError): string => {
      switch (err.code) {
        case 'no_devshell_server':
          expectTypeOf(err).toEqualTypeOf<NoDevshellServer>();
          return 'not in Cloud Shell';
        case 'devshell_communication':
        case 'timeout':
          expectTypeOf(err).toEqualTypeOf<CommunicationError>();
          return 'retry';
        default:
          return err satisfies never;
      }
    };
    expect(describeError(new NoDevshellServer('x'))).toBe('not in Cloud Shell');
    expect(describeError(new CommunicationError('x', { code: 'timeout' }))).toBe('retry');
  });
});
