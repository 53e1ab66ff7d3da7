import { createHash } from 'node:crypto';
import {
  type CredentialsRuntimeOptions,
  HeldLockStorage,
  type OAuth2Credentials,
} from '@oauth2/core';
import { LockTimeoutError } from '@oauth2/core/errors';
import type { CredentialSealer } from '@oauth2/core/seal';
import { type CredentialColumnType, credentialsFromColumn, credentialsToColumn } from './column.js';
import { quoteIdentifier, quoteTable, type TableName } from './identifier.js';
import { LocalLocks } from './internal/local-locks.js';
import { toStorageError } from './internal/pg-errors.js';
import type { PgClientLike, PgPoolLike, PgQueryResult } from './pool.js';

/** Options of {@link PostgresStorage}: the original's four arguments, plus locking and sealing. */
export interface PostgresStorageOptions {
  /** The table: `'users'`, `'app.users'`, or `['app', 'users']` for names that hold a dot. */
  table: TableName;
  /** The column that identifies the row (`'id'`); it should be unique. */
  keyColumn: string;
  /** The row's value in `keyColumn` (sent as a query parameter). */
  keyValue: string | number | bigint;
  /** The column that holds the credential (`jsonb`, `json` or `text`). */
  column: string;
  /** The type of `column` (default `jsonb`); matters only with a `sealer`. */
  columnType?: CredentialColumnType | undefined;
  /**
   * `keyColumn` has a primary-key or unique constraint: put is then `INSERT ... ON CONFLICT DO
   * UPDATE` (faster) instead of an update-or-insert statement (default `false`).
   */
  keyIsUnique?: boolean | undefined;
  /** Also set this `timestamptz` column to `now()` on every put. */
  updatedAtColumn?: string | undefined;
  /** What `delete()` does: set the column to NULL (default) or delete the whole row. */
  onDelete?: 'null' | 'row' | undefined;
  /** Wait at most this long for the lock, then throw `LockTimeoutError` (default 30 000 ms). */
  lockWaitMs?: number | undefined;
  /** Seal the credential at rest (AES-256-GCM); the context is `String(keyValue)`. */
  sealer?: CredentialSealer | undefined;
  /** Passed to the credentials `get()` rebuilds (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
}

/** The lock while it is held: one checked-out client holding it, plus the local queue. */
interface HeldLock {
  client: PgClientLike;
  releaseLocal: () => void;
  onError: (err: Error) => void;
  /** The connection died: its session (and lock) died with it. */
  broken: Error | undefined;
  /**
   * Unlock and hand the client back. Never throws: a client whose unlock fails is dropped
   * instead of reused, which ends its session and the lock with it.
   */
  release(): Promise<void>;
}

const DEFAULT_LOCK_WAIT_MS = 30_000;

/**
 * A {@link Storage} for one credential in one row of any PostgreSQL table: the port of
 * `oauth2client.contrib.django_orm.Storage(model_class, key_name, key_value, property_name)`
 * without an ORM, plus the lock the original lacked.
 *
 * The lock is an advisory lock (`pg_advisory_lock` on a 64-bit hash of table, key column and
 * key) held by one checked-out pool client, after an in-process queue; the re-read, the token
 * refresh and the write happen under it, so instances sharing the database refresh once. Each
 * read and write is one autocommitted statement: a put is durable when `lockedPut` resolves, and
 * a failed one throws there (core's refresh then keeps the new token in memory and writes it on
 * the next access). A holder that dies loses its connection, and the lock with it. Values are
 * always query parameters; identifiers are quoted.
 *
 * @example
 * import pg from 'pg';
 * import { PostgresStorage } from '@oauth2/storage-postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const storage = new PostgresStorage(pool, {
 *   table: 'users', keyColumn: 'id', keyValue: userId, column: 'google_credentials',
 * });
 * const credentials = await storage.get(); // refreshes are written back to users.google_credentials
 */
export class PostgresStorage extends HeldLockStorage<HeldLock> {
  /** Names the table and row in errors: `"users" "id"="42"`. */
  readonly location: string;
  readonly #pool: PgPoolLike;
  readonly #keyValue: string | number;
  readonly #context: string;
  readonly #columnType: CredentialColumnType;
  readonly #sealer: CredentialSealer | undefined;
  readonly #credentialsOptions: CredentialsRuntimeOptions;
  readonly #waitMs: number;
  readonly #lockId: bigint;
  readonly #lockName: string;
  readonly #localLocks: LocalLocks;
  readonly #sql: { select: string; put: string; delete: string };

  /**
   * @param pool - your `pg.Pool` (or anything with its `query`/`connect` shape); never ended here.
   * @param options - which table, row and column; lock wait; sealing.
   * @param internal - `@internal`: the in-process queue shared by a `PostgresStore`'s storages.
   * @throws {TypeError} an identifier is empty, holds NUL or is longer than 63 bytes, or
   *   `lockWaitMs` is negative or not finite.
   */
  constructor(
    pool: PgPoolLike,
    options: PostgresStorageOptions,
    internal?: { localLocks: LocalLocks },
  ) {
    super();
    this.#pool = pool;
    const table = quoteTable(options.table);
    const key = quoteIdentifier(options.keyColumn);
    const column = quoteIdentifier(options.column);
    const updatedAt =
      options.updatedAtColumn === undefined ? undefined : quoteIdentifier(options.updatedAtColumn);
    this.#keyValue =
      typeof options.keyValue === 'bigint' ? options.keyValue.toString() : options.keyValue;
    this.#context = String(options.keyValue);
    this.location = `${table} ${key}=${JSON.stringify(this.#context)}`;
    this.#columnType = options.columnType ?? 'jsonb';
    this.#sealer = options.sealer;
    this.#credentialsOptions = options.credentialsOptions ?? {};
    this.#waitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    if (!Number.isFinite(this.#waitMs) || this.#waitMs < 0) {
      throw new TypeError('lockWaitMs must be a finite number of milliseconds >= 0.');
    }
    this.#localLocks = internal?.localLocks ?? new LocalLocks();
    const digest = createHash('sha256')
      .update(JSON.stringify(['oauth2', table, key, this.#context]))
      .digest();
    this.#lockId = digest.readBigInt64BE(0);
    this.#lockName = digest.toString('base64url');
    const set = (value: string) =>
      updatedAt ? `${column} = ${value}, ${updatedAt} = now()` : `${column} = ${value}`;
    const insertColumns = updatedAt ? `${key}, ${column}, ${updatedAt}` : `${key}, ${column}`;
    const insertValues = updatedAt ? '$2, $1, now()' : '$2, $1';
    this.#sql = {
      select: `SELECT ${column}::text AS value FROM ${table} WHERE ${key} = $1 LIMIT 1`,
      // One statement: update the row, or insert it when there is none (under our lock).
      put: options.keyIsUnique
        ? `INSERT INTO ${table} (${insertColumns}) VALUES (${insertValues}) ` +
          `ON CONFLICT (${key}) DO UPDATE SET ${set(`excluded.${column}`)}`
        : `WITH updated AS (UPDATE ${table} SET ${set('$1')} WHERE ${key} = $2 RETURNING 1) ` +
          `INSERT INTO ${table} (${insertColumns}) SELECT ${insertValues} WHERE NOT EXISTS (SELECT 1 FROM updated)`,
      delete:
        options.onDelete === 'row'
          ? `DELETE FROM ${table} WHERE ${key} = $1`
          : `UPDATE ${table} SET ${column} = NULL WHERE ${key} = $1`,
    };
  }

  /**
   * Take the lock: wait in the process's queue, check out a pool client, and take
   * `pg_advisory_lock` inside a short transaction whose `lock_timeout` is what is left of the
   * wait (the session-level lock outlives that transaction's commit).
   *
   * @throws {LockTimeoutError} the lock (or a pool client) stayed busy for `lockWaitMs`.
   * @throws {PostgresUnavailableError} the database cannot be reached.
   */
  protected override async takeLock(): Promise<HeldLock> {
    const started = Date.now();
    const deadline = started + this.#waitMs;
    const releaseLocal = await this.#localLocks.acquire(this.#lockName, this.#waitMs);
    if (!releaseLocal) throw this.#timeout(started);
    let client: PgClientLike;
    try {
      client = await this.#connect(deadline, started);
    } catch (err) {
      releaseLocal();
      throw err;
    }
    const held: HeldLock = {
      client,
      releaseLocal,
      broken: undefined,
      onError: (err) => {
        held.broken = err;
      },
      release: () => this.#handBack(held, `SELECT pg_advisory_unlock(${this.#lockId}) AS ok`),
    };
    client.on('error', held.onError);
    const waitMs = Math.max(1, Math.ceil(deadline - Date.now()));
    try {
      // Integers we computed: no value of the caller's is spliced into this text.
      await client.query(
        `BEGIN; SET LOCAL lock_timeout = ${waitMs}; SELECT pg_advisory_lock(${this.#lockId}); COMMIT`,
      );
    } catch (err) {
      // No lock was taken (or the connection is gone, and the lock with it).
      await this.#handBack(held, 'ROLLBACK');
      if ((err as { code?: unknown }).code === '55P03') throw this.#timeout(started);
      throw toStorageError(err, this.location, 'locking');
    }
    return held;
  }

  /**
   * Read the credential (call while holding the lock); `undefined` when there is no row or the
   * column is NULL.
   *
   * @throws {CredentialsCorruptError} the column holds no loadable credential, or a sealed value
   *   does not open; the message names the row, never the value.
   * @throws {PostgresTableMissingError} the table or a column does not exist.
   * @throws {PostgresUnavailableError} the database cannot be reached.
   */
  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    const result = await this.#query(this.#sql.select, [this.#keyValue], 'reading');
    const credentials = credentialsFromColumn(result.rows[0]?.value, {
      sealer: this.#sealer,
      context: this.#context,
      credentialsOptions: this.#credentialsOptions,
      location: this.location,
    });
    credentials?.setStore(this, { loaded: true });
    return credentials;
  }

  /**
   * Write the credential (call while holding the lock) in one autocommitted statement that
   * updates the row or inserts it: durable when this resolves.
   *
   * @throws {PostgresTableMissingError} the table or a column does not exist.
   * @throws {PostgresUnavailableError} the database cannot be reached.
   * @throws {PostgresStorageError} any other database error (`sqlState` says which).
   */
  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    const value = credentialsToColumn(credentials, {
      columnType: this.#columnType,
      sealer: this.#sealer,
      context: this.#context,
    });
    await this.#query(this.#sql.put, [value, this.#keyValue], 'writing');
  }

  /**
   * Delete the credential (call while holding the lock): NULL the column, or delete the row with
   * `onDelete: 'row'`. Deleting nothing is fine.
   *
   * @throws {PostgresUnavailableError} the database cannot be reached.
   */
  override async lockedDelete(): Promise<void> {
    await this.#query(this.#sql.delete, [this.#keyValue], 'deleting');
  }

  async #query(text: string, values: unknown[], doing: string): Promise<PgQueryResult> {
    try {
      // Outside the lock (not the contract, but harmless) a plain pool query does.
      const result = await (this.heldLock?.client ?? this.#pool).query(text, values);
      return Array.isArray(result) ? (result.at(-1) as PgQueryResult) : result;
    } catch (err) {
      throw toStorageError(err, this.location, doing);
    }
  }

  /** A pool client, or LockTimeoutError when the pool has none free before the deadline. */
  async #connect(deadline: number, started: number): Promise<PgClientLike> {
    const connecting = this.#pool.connect();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), undefined);
    });
    try {
      const client = await Promise.race([connecting, timedOut]);
      if (client) return client;
    } catch (err) {
      throw toStorageError(err, this.location, 'connecting for');
    } finally {
      clearTimeout(timer);
    }
    connecting.then(
      (late) => late.release(),
      () => {},
    );
    throw this.#timeout(started);
  }

  /**
   * Run `last` (unlock or rollback) and hand the client back, on every path. Unless `last`
   * clearly succeeded, the client is dropped, not reused: a session that might still hold the
   * lock must end.
   */
  async #handBack(held: HeldLock, last: string): Promise<void> {
    let failure: Error | undefined = held.broken;
    if (failure === undefined) {
      try {
        const result = await held.client.query(last);
        const rows = (Array.isArray(result) ? result.at(-1) : result)?.rows ?? [];
        if (rows[0] !== undefined && rows[0].ok !== true) failure = new Error('not unlocked');
      } catch (err) {
        failure = asError(err);
      }
    }
    held.client.removeListener('error', held.onError);
    held.client.release(failure);
    held.releaseLocal();
  }

  #timeout(started: number): LockTimeoutError {
    const waitedMs = Date.now() - started;
    return new LockTimeoutError(
      `Timed out after ${waitedMs} ms waiting for the PostgreSQL lock of ${this.location}; another instance holds it (a refresh in flight?). Retry, or raise lockWaitMs.`,
      { location: this.location, waitedMs },
    );
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
