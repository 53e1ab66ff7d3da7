import type { CredentialsRuntimeOptions } from '@oauth2/core';
import type { CredentialSealer } from '@oauth2/core/seal';
import { quoteTable, type TableName } from './identifier.js';
import { LocalLocks } from './internal/local-locks.js';
import { toStorageError } from './internal/pg-errors.js';
import type { PgPoolLike } from './pool.js';
import { PostgresStorage } from './postgres-storage.js';

/** The table {@link PostgresStore} uses unless told otherwise. */
export const DEFAULT_TABLE = 'oauth2_credentials';

/**
 * The migration that creates the default table, for your migration tool (`createTable()` runs
 * the same with the store's table name). Idempotent.
 */
export const POSTGRES_MIGRATION_SQL: string = migrationSql(DEFAULT_TABLE);

/**
 * The `CREATE TABLE IF NOT EXISTS` statement for a store table of that name (quoted safely).
 *
 * @example
 * console.log(migrationSql('app.oauth2_credentials'));
 */
export function migrationSql(table: TableName = DEFAULT_TABLE): string {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteTable(table)} (`,
    '  key text PRIMARY KEY,',
    '  credentials json NOT NULL,',
    '  updated_at timestamptz NOT NULL DEFAULT now()',
    ');',
  ].join('\n');
}

/** Options of {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /** The table (default `oauth2_credentials`): `'name'`, `'schema.name'` or `[schema, name]`. */
  table?: TableName | undefined;
  /** Wait at most this long for a key's lock, then throw `LockTimeoutError` (default 30 000 ms). */
  lockWaitMs?: number | undefined;
  /** Seal credentials at rest (AES-256-GCM, your keys); each is bound to its key. */
  sealer?: CredentialSealer | undefined;
  /** Passed to the credentials that `get()` rebuilds (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
}

/**
 * Many credentials in one PostgreSQL table, one row per key:
 * `oauth2_credentials (key text primary key, credentials json not null, updated_at timestamptz)`.
 * The column is `json`, not `jsonb`: `json` keeps the exact text oauth2client writes (jsonb
 * reorders the keys of the nested `token_response`), and still answers `credentials->>'client_id'`.
 * A table created with `jsonb` works too (same values, keys reordered).
 * `storage(key)` gives a locked {@link PostgresStorage} for one key; instances of your app that
 * share the database refresh each credential once. The pool is yours: the store never creates or
 * ends one.
 *
 * @example
 * import pg from 'pg';
 * import { PostgresStore } from '@oauth2/storage-postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = new PostgresStore(pool);
 * await store.createTable(); // once, or run POSTGRES_MIGRATION_SQL in your migrations
 * const credentials = await store.storage('user:42').get();
 */
export class PostgresStore {
  /** The quoted table name. */
  readonly table: string;
  readonly #tableName: TableName;
  readonly #pool: PgPoolLike;
  readonly #options: PostgresStoreOptions;
  readonly #localLocks = new LocalLocks();

  /**
   * @param pool - your `pg.Pool` (or anything with its `query`/`connect` shape).
   * @throws {TypeError} the table name is empty, holds NUL or is longer than 63 bytes.
   */
  constructor(pool: PgPoolLike, options: PostgresStoreOptions = {}) {
    this.#pool = pool;
    this.#options = options;
    this.#tableName = options.table ?? DEFAULT_TABLE;
    this.table = quoteTable(this.#tableName);
  }

  /**
   * The storage of one key. Storages of one store share an in-process queue per key, so
   * concurrent callers in one process use one pool client per key at a time.
   *
   * @throws {TypeError} the key is not a non-empty string.
   */
  storage(key: string): PostgresStorage {
    if (typeof key !== 'string' || key.length === 0) {
      throw new TypeError('A PostgresStore key is a non-empty string.');
    }
    return new PostgresStorage(
      this.#pool,
      {
        table: this.#tableName,
        keyColumn: 'key',
        keyValue: key,
        column: 'credentials',
        columnType: 'json',
        keyIsUnique: true,
        updatedAtColumn: 'updated_at',
        onDelete: 'row',
        lockWaitMs: this.#options.lockWaitMs,
        sealer: this.#options.sealer,
        credentialsOptions: this.#options.credentialsOptions,
      },
      { localLocks: this.#localLocks },
    );
  }

  /**
   * Every stored key, sorted.
   *
   * @throws {PostgresTableMissingError} the table does not exist (run `createTable()`).
   * @throws {PostgresUnavailableError} the database cannot be reached.
   */
  async keys(): Promise<string[]> {
    try {
      const { rows } = await this.#pool.query(`SELECT key FROM ${this.table} ORDER BY key`);
      return rows.map((row) => String(row.key));
    } catch (err) {
      throw toStorageError(err, this.table, 'listing the keys of');
    }
  }

  /**
   * Delete one key's row (under its lock). Deleting a missing key is fine.
   *
   * @throws {LockTimeoutError} the key's lock stayed busy for `lockWaitMs`.
   * @throws {PostgresUnavailableError} the database cannot be reached.
   */
  async delete(key: string): Promise<void> {
    await this.storage(key).delete();
  }

  /**
   * Create the table if it does not exist ({@link migrationSql} of the store's table).
   *
   * @throws {PostgresStorageError} the database refused (no `CREATE` right on the schema...).
   */
  async createTable(): Promise<void> {
    try {
      await this.#pool.query(migrationSql(this.#tableName));
    } catch (err) {
      throw toStorageError(err, this.table, 'creating');
    }
  }
}
