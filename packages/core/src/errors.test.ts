import { describe, expect, it } from 'vitest';
import {
  IsADirectoryError,
  KeyringValueTooLargeError,
  LockCompromisedError,
  OAuth2Error,
  StorageWriteError,
} from './errors.js';
import * as fs from './fs/index.js';

describe('storage errors in the error tree', () => {
  it.each([
    [StorageWriteError, 'storage_write_failed'],
    [IsADirectoryError, 'is_a_directory'],
    [LockCompromisedError, 'lock_compromised'],
  ] as const)('%o: an OAuth2Error with code %s and a location', (ErrorClass, code) => {
    const err = new ErrorClass('message', { location: '/tmp/x', cause: new Error('inner') });
    expect(err).toBeInstanceOf(OAuth2Error);
    expect(err).toMatchObject({ name: ErrorClass.name, code, location: '/tmp/x' });
    expect((err.cause as Error).message).toBe('inner');
  });

  it('@oauth2/core/fs still exports the same classes', () => {
    expect(fs.StorageWriteError).toBe(StorageWriteError);
    expect(fs.IsADirectoryError).toBe(IsADirectoryError);
    expect(fs.LockCompromisedError).toBe(LockCompromisedError);
  });

  it('StorageWriteError carries the system code as systemCode, its code stays snake_case', () => {
    const err = new StorageWriteError('full', { systemCode: 'ENOSPC' });
    expect(err.systemCode).toBe('ENOSPC');
    expect(err.code).toBe('storage_write_failed');
  });

  it('KeyringValueTooLargeError: an OAuth2Error with code keyring_value_too_large, size and limit', () => {
    const err = new KeyringValueTooLargeError('too large', { size: 3000, limit: 2560 });
    expect(err).toBeInstanceOf(OAuth2Error);
    expect(err).toMatchObject({
      name: 'KeyringValueTooLargeError',
      code: 'keyring_value_too_large',
      size: 3000,
      limit: 2560,
    });
  });
});
