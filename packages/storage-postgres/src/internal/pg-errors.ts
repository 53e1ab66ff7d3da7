import { LockTimeoutError } from '@oauth2/core/errors';
import {
  PostgresSerializationError,
  PostgresStorageError,
  PostgresTableMissingError,
  PostgresUnavailableError,
} from '../errors.js';

/** Node socket errors meaning "the server is not there (right now)". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT', // a unix socket that is gone
]);

/** Messages node-postgres gives to errors with no code when a connection dies or cannot start. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection error',
  'not queryable',
  'Client was closed',
  'timeout expired',
  'timeout exceeded',
  'Connection ended',
];

/** SQLSTATE classes whose server messages name objects, never values: safe to quote. */
const QUOTABLE_CLASSES = new Set(['08', '3F', '40', '42', '53', '55', '57']);

interface PgLikeError {
  code?: unknown;
  message?: unknown;
}

function sqlStateOf(err: unknown): string | undefined {
  const code = (err as PgLikeError | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** True when `err` means the connection is gone or cannot be made (the client must be dropped). */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof PostgresUnavailableError) return true;
  const code = (err as PgLikeError | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const state = sqlStateOf(err);
  if (state !== undefined) return state.startsWith('08') || /^57P0[1-3]$/.test(state);
  const message = (err as PgLikeError | null)?.message;
  return typeof message === 'string' && CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/**
 * A stand-in for the driver's error, as `cause`: the SQLSTATE and, for classes whose messages
 * only name objects, the server's message. A data error's message or detail can quote a value
 * (a token); those are dropped.
 */
function safeCause(err: unknown): Error {
  const state = sqlStateOf(err);
  const message = (err as PgLikeError | null)?.message;
  const text = typeof message === 'string' ? message : String(err);
  if (state === undefined) {
    const code = (err as PgLikeError | null)?.code;
    return new Error(typeof code === 'string' ? `${code}: ${text}` : text);
  }
  return new Error(QUOTABLE_CLASSES.has(state.slice(0, 2)) ? `${state}: ${text}` : state);
}

/**
 * Translate whatever node-postgres threw into the package's typed errors. Errors of ours pass
 * through unchanged.
 */
export function toStorageError(err: unknown, location: string, doing: string): Error {
  if (err instanceof PostgresStorageError || err instanceof LockTimeoutError) return err;
  const sqlState = sqlStateOf(err);
  const cause = safeCause(err);
  const options = { location, sqlState, cause };
  if (isConnectionError(err)) {
    return new PostgresUnavailableError(
      `PostgreSQL is unavailable while ${doing} ${location} (${cause.message}). Nothing was written; ` +
        'a credential already in memory stays usable. Retry once the database accepts connections.',
      options,
    );
  }
  if (sqlState === '40001' || sqlState === '40P01') {
    return new PostgresSerializationError(
      `PostgreSQL aborted the transaction while ${doing} ${location} (${sqlState === '40001' ? 'serialization failure' : 'deadlock'}). Nothing was written; retry the operation.`,
      options,
    );
  }
  if (sqlState === '42P01' || sqlState === '3F000' || sqlState === '42703') {
    const what =
      sqlState === '42703' ? 'a column' : sqlState === '3F000' ? 'the schema' : 'the table';
    return new PostgresTableMissingError(
      `PostgreSQL says ${what} of ${location} does not exist (${cause.message}). Create the table ` +
        'once: await store.createTable(), or run the migration SQL (POSTGRES_MIGRATION_SQL, in the README); ' +
        'for your own table, check the table, keyColumn and column names.',
      options,
    );
  }
  return new PostgresStorageError(
    `PostgreSQL failed while ${doing} ${location} (${cause.message}). Nothing was written.`,
    options,
  );
}
