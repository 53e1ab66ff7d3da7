import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import * as cli from '../src/index.js';
import { type CliErrorCode, LoginTimeoutError, LoopbackServerError } from '../src/index.js';

// Every code of CliErrorCode and its class: a code added to the union without a class here (or
// one listed here that the union lacks) fails to compile.
errorCodeSuite('CliErrorCode', cli, {
  login_timeout: LoginTimeoutError,
  loopback_server_failed: LoopbackServerError,
} satisfies ErrorClassTable<CliErrorCode>);
