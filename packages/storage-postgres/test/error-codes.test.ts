import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import * as postgres from '../src/index.js';
import {
  PostgresSerializationError,
  PostgresStorageError,
  type PostgresStorageErrorCode,
  PostgresTableMissingError,
  PostgresUnavailableError,
} from '../src/index.js';

// Every code of PostgresStorageErrorCode and its class: a code added to the union without a class
// here (or one listed here that the union lacks) fails to compile.
errorCodeSuite('PostgresStorageErrorCode', postgres, {
  postgres_unavailable: PostgresUnavailableError,
  postgres_serialization_failure: PostgresSerializationError,
  postgres_table_missing: PostgresTableMissingError,
  postgres_error: PostgresStorageError,
} satisfies ErrorClassTable<PostgresStorageErrorCode>);
