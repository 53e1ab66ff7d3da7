import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import * as xsrf from '../src/index.js';
import { XsrfError, type XsrfErrorCode } from '../src/index.js';

// Every code of XsrfErrorCode and its class: a code added to the union without a class here (or
// one listed here that the union lacks) fails to compile.
errorCodeSuite('XsrfErrorCode', xsrf, {
  xsrf_key_too_short: XsrfError,
  xsrf_invalid_argument: XsrfError,
} satisfies ErrorClassTable<XsrfErrorCode>);

describe('XsrfError', () => {
  it('carries its code (a short key)', () => {
    expect(() => new xsrf.XsrfTokens(new Uint8Array(8))).toThrow(
      expect.objectContaining({ code: 'xsrf_key_too_short' }),
    );
  });
});
