import { LockTimeoutError } from '@oauth2/core';
import { describe, expect, it } from 'vitest';
import {
  PostgresSerializationError,
  PostgresStorageError,
  PostgresTableMissingError,
  PostgresUnavailableError,
} from '../errors.js';
import { isConnectionError, toStorageError } from './pg-errors.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('toStorageError', () => {
  it.each([
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      PostgresUnavailableError,
    ],
    [new Error('Connection terminated unexpectedly'), PostgresUnavailableError],
    [
      pgError('57P01', 'terminating connection due to administrator command'),
      PostgresUnavailableError,
    ],
    [pgError('57P03', 'the database system is starting up'), PostgresUnavailableError],
    [pgError('08006', 'connection failure'), PostgresUnavailableError],
    [pgError('40001', 'could not serialize access'), PostgresSerializationError],
    [pgError('40P01', 'deadlock detected'), PostgresSerializationError],
    [pgError('42P01', 'relation "x" does not exist'), PostgresTableMissingError],
    [pgError('3F000', 'schema "s" does not exist'), PostgresTableMissingError],
    [pgError('42703', 'column "c" does not exist'), PostgresTableMissingError],
    [pgError('23502', 'null value in column'), PostgresStorageError],
  ])('%s -> %o', (err, type) => {
    const mapped = toStorageError(err, '"t" "key"="k"', 'reading');
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.constructor).toBe(type);
    expect((mapped as PostgresStorageError).location).toBe('"t" "key"="k"');
    expect(isConnectionError(err)).toBe(type === PostgresUnavailableError);
  });

  it('a data error keeps only its SQLSTATE: its message could quote a value', () => {
    const secret = 'ya29.SECRET';
    const err = Object.assign(pgError('22P02', `invalid input syntax: "${secret}"`), {
      detail: `Token "${secret}" is invalid.`,
    });
    const mapped = toStorageError(err, 't', 'writing') as PostgresStorageError;
    expect(mapped.sqlState).toBe('22P02');
    expect(mapped.message).not.toContain(secret);
    expect(String((mapped.cause as Error).message)).toBe('22P02');
    expect(JSON.stringify(mapped)).not.toContain(secret);
  });

  it('errors of ours pass through unchanged', () => {
    const timeout = new LockTimeoutError('busy');
    expect(toStorageError(timeout, 't', 'x')).toBe(timeout);
    const missing = new PostgresTableMissingError('gone');
    expect(toStorageError(missing, 't', 'x')).toBe(missing);
  });
});
