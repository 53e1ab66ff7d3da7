/// <reference types="node" preserve="true" />
/**
 * @oauth2/storage-postgres: credentials in your PostgreSQL database, locked across instances.
 * Port of `oauth2client.contrib.django_orm`, without an ORM.
 * @module
 */
export {
  type CredentialColumnType,
  credentialsFromColumn,
  credentialsToColumn,
  type FromColumnOptions,
  type ToColumnOptions,
} from './column.js';
export {
  PostgresSerializationError,
  PostgresStorageError,
  type PostgresStorageErrorCode,
  type PostgresStorageErrorOptions,
  PostgresTableMissingError,
  PostgresUnavailableError,
} from './errors.js';
export { quoteIdentifier, quoteTable, type TableName } from './identifier.js';
export type { PgClientLike, PgPoolLike, PgQueryResult } from './pool.js';
export {
  PostgresStorage,
  PostgresStorage as Storage,
  type PostgresStorageOptions,
} from './postgres-storage.js';
export {
  DEFAULT_TABLE,
  migrationSql,
  POSTGRES_MIGRATION_SQL,
  PostgresStore,
  type PostgresStoreOptions,
} from './postgres-store.js';
