/**
 * Errors thrown by @oauth2/storage-postgres. Each extends `OAuth2Error` from `@oauth2/core` and
 * carries a stable `code`. Lock waits that run out throw core's `LockTimeoutError`
 * (`lock_timeout`) and undecodable rows core's `CredentialsCorruptError` (`credentials_corrupt`).
 * No message ever contains a credential, a SQL parameter value or a row's bytes.
 *
 * @module
 */
import { OAuth2Error, type OAuth2ErrorOptions } from '@oauth2/core/errors';

/** Stable codes of {@link PostgresStorageError} and its subclasses. */
export type PostgresStorageErrorCode =
  /** The server cannot be reached, or dropped the connection (down, restarting, network). */
  | 'postgres_unavailable'
  /** A serialization failure or deadlock (`40001`, `40P01`): retry the operation. */
  | 'postgres_serialization_failure'
  /** The table, schema or column does not exist: run `createTable()` or the migration SQL. */
  | 'postgres_table_missing'
  /** Any other database error; `sqlState` says which. */
  | 'postgres_error';

/** Options of {@link PostgresStorageError}. */
export interface PostgresStorageErrorOptions extends OAuth2ErrorOptions {
  /** The table (and key) involved: `"public"."oauth2_credentials" key 'user:42'`. */
  location?: string | undefined;
  /** PostgreSQL's SQLSTATE (`57P01`, `42P01`...), when the server sent one. */
  sqlState?: string | undefined;
}

/**
 * A database operation of a PostgreSQL storage failed. The credential held in memory is
 * unchanged and still usable; nothing was half-written (every put is one statement).
 *
 * @example
 * try {
 *   await storage.put(credentials);
 * } catch (err) {
 *   if (err instanceof PostgresStorageError && err.retryable) setTimeout(retry, 1000);
 *   else throw err;
 * }
 */
export class PostgresStorageError extends OAuth2Error {
  static override readonly defaultCode: PostgresStorageErrorCode = 'postgres_error';
  declare readonly code: PostgresStorageErrorCode;
  /** Whether the same operation may succeed if tried again later. */
  readonly retryable: boolean = false;
  /** The table (and key) involved. */
  readonly location: string | undefined;
  /** PostgreSQL's SQLSTATE, when the server sent one. */
  readonly sqlState: string | undefined;
  constructor(message: string, options: PostgresStorageErrorOptions = {}) {
    super(message, options);
    this.location = options.location;
    this.sqlState = options.sqlState;
  }
}

/**
 * PostgreSQL cannot be reached or dropped the connection: refused, reset, shutting down or
 * starting up (`08xxx`, `57P01`-`57P03`, `ECONNREFUSED`...). Retry once the database is back;
 * tokens already in memory keep working meanwhile.
 *
 * @example
 * catch (err) { if (err instanceof PostgresUnavailableError) return cachedAccessToken; }
 */
export class PostgresUnavailableError extends PostgresStorageError {
  static override readonly defaultCode: PostgresStorageErrorCode = 'postgres_unavailable';
  declare readonly code: 'postgres_unavailable';
  override readonly retryable: boolean = true;
}

/**
 * The transaction lost a serialization conflict or a deadlock (`40001`, `40P01`), e.g. under
 * `default_transaction_isolation = serializable`. Nothing was written; retry the operation.
 *
 * @example
 * catch (err) { if (err instanceof PostgresSerializationError) await storage.put(credentials); }
 */
export class PostgresSerializationError extends PostgresStorageError {
  static override readonly defaultCode: PostgresStorageErrorCode = 'postgres_serialization_failure';
  declare readonly code: 'postgres_serialization_failure';
  override readonly retryable: boolean = true;
}

/**
 * The credentials table (or its schema or a named column) does not exist (`42P01`, `3F000`,
 * `42703`). Create it once with `await store.createTable()` or the migration SQL
 * (`POSTGRES_MIGRATION_SQL`, shown in the README).
 *
 * @example
 * catch (err) { if (err instanceof PostgresTableMissingError) await store.createTable(); }
 */
export class PostgresTableMissingError extends PostgresStorageError {
  static override readonly defaultCode: PostgresStorageErrorCode = 'postgres_table_missing';
  declare readonly code: 'postgres_table_missing';
}
