import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import * as redis from '../src/index.js';
import {
  RedisOutOfMemoryError,
  RedisReadOnlyError,
  RedisStorageError,
  type RedisStorageErrorCode,
  RedisTimeoutError,
  RedisUnavailableError,
} from '../src/index.js';

// Every code of RedisStorageErrorCode and its class: a code added to the union without a class
// here (or one listed here that the union lacks) fails to compile.
errorCodeSuite('RedisStorageErrorCode', redis, {
  redis_unavailable: RedisUnavailableError,
  redis_readonly: RedisReadOnlyError,
  redis_oom: RedisOutOfMemoryError,
  redis_command_failed: RedisStorageError,
  redis_timeout: RedisTimeoutError,
} satisfies ErrorClassTable<RedisStorageErrorCode>);
