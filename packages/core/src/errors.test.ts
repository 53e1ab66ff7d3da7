import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';
import {
  AccessTokenRefreshError,
  ConfigurationError,
  FlowExchangeError,
  HttpAccessTokenRefreshError,
  IsADirectoryError,
  KeyringValueTooLargeError,
  LocatedError,
  LockCompromisedError,
  LockTimeoutError,
  NetworkError,
  OAuth2Error,
  type OAuth2ErrorCode,
  StorageWriteError,
  TimeoutError,
  TokenResponseError,
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

/** Each class of the tree, its parent (the Python hierarchy) and its default code. */
const TREE: [string, string, OAuth2ErrorCode][] = [
  ['ConfigurationError', 'OAuth2Error', 'invalid_configuration'],
  ['InsecureEndpointError', 'ConfigurationError', 'insecure_endpoint'],
  ['UnknownClientSecretsFlowError', 'OAuth2Error', 'unknown_client_secrets_flow'],
  ['InvalidClientSecretsError', 'OAuth2Error', 'invalid_client_secrets'],
  ['ApplicationDefaultCredentialsError', 'OAuth2Error', 'application_default_credentials'],
  ['UnknownCredentialsTypeError', 'OAuth2Error', 'unknown_credentials_type'],
  ['NotSerializableError', 'OAuth2Error', 'not_serializable'],
  ['FlowExchangeError', 'OAuth2Error', 'flow_exchange_failed'],
  ['AccessTokenRefreshError', 'OAuth2Error', 'access_token_refresh_failed'],
  ['HttpAccessTokenRefreshError', 'AccessTokenRefreshError', 'http_error'],
  ['TokenResponseError', 'AccessTokenRefreshError', 'invalid_token_response'],
  ['MissingRefreshTokenError', 'AccessTokenRefreshError', 'no_refresh_token'],
  ['CredentialsRevokedError', 'AccessTokenRefreshError', 'credentials_revoked'],
  ['TokenRevokeError', 'OAuth2Error', 'token_revoke_failed'],
  ['TokenInfoError', 'OAuth2Error', 'token_info_failed'],
  ['OAuth2DeviceCodeError', 'OAuth2Error', 'device_code_failed'],
  ['AccessTokenCredentialsError', 'OAuth2Error', 'access_token_credentials'],
  ['VerifyJwtTokenError', 'OAuth2Error', 'verify_jwt_failed'],
  ['LocatedError', 'OAuth2Error', 'oauth2_error'],
  ['CredentialsCorruptError', 'LocatedError', 'credentials_corrupt'],
  ['LockTimeoutError', 'LocatedError', 'lock_timeout'],
  ['LockCompromisedError', 'LocatedError', 'lock_compromised'],
  ['CredentialsFileSymbolicLinkError', 'LocatedError', 'credentials_file_symlink'],
  ['IsADirectoryError', 'LocatedError', 'is_a_directory'],
  ['StorageWriteError', 'LocatedError', 'storage_write_failed'],
  ['InsecureCredentialFileError', 'LocatedError', 'insecure_credential_file'],
  ['NewerCredentialStoreError', 'LocatedError', 'newer_credential_store'],
  ['KeyringUnavailableError', 'OAuth2Error', 'keyring_unavailable'],
  ['KeyringValueTooLargeError', 'OAuth2Error', 'keyring_value_too_large'],
  ['ResponseTooLargeError', 'OAuth2Error', 'response_too_large'],
  ['NetworkError', 'OAuth2Error', 'network_error'],
  ['TimeoutError', 'OAuth2Error', 'timeout'],
];

describe('the error tree (one factory, errorClass, makes every class)', () => {
  const classes = errors as unknown as Record<string, new (m: string) => OAuth2Error>;
  it.each(TREE)('%s extends %s, is named after itself and has code %s', (name, parent, code) => {
    const Class = classes[name] as new (m: string) => OAuth2Error;
    const Parent = classes[parent] as new (m: string) => OAuth2Error;
    const err = new Class('message');
    expect(err).toBeInstanceOf(Parent);
    expect(err).toBeInstanceOf(OAuth2Error);
    expect(err).toBeInstanceOf(Error);
    expect([err.name, err.code, err.message]).toEqual([name, code, 'message']);
  });

  it('every class exported from errors.ts is in the table above', () => {
    const exported = Object.entries(errors)
      .filter(
        ([k, v]) => typeof v === 'function' && v.prototype instanceof Error && k !== 'OAuth2Error',
      )
      .map(([k]) => k);
    expect(exported.sort()).toEqual(TREE.map(([name]) => name).sort());
  });

  it('fields come from the options, else their defaults', () => {
    expect(new NetworkError('m').maybeSent).toBe(true);
    expect(new NetworkError('m', { maybeSent: false }).maybeSent).toBe(false);
    expect(new LockTimeoutError('m', { waitedMs: 20, location: '/x' })).toMatchObject({
      waitedMs: 20,
      location: '/x',
    });
    expect(new TokenResponseError('m', { field: 'expires_in' }).field).toBe('expires_in');
    expect(new ConfigurationError('m', { field: 'tokenUri' }).field).toBe('tokenUri');
    expect(new LockTimeoutError('m')).toHaveProperty('waitedMs', undefined);
    expect(new TimeoutError('m').retryable).toBe(true);
  });

  it("server errors: the spec's error becomes the code, another stays on `error`", () => {
    const known = new HttpAccessTokenRefreshError('m', { status: 400, error: 'invalid_grant' });
    expect(known).toMatchObject({ code: 'invalid_grant', status: 400, retryable: false });
    expect(known).toBeInstanceOf(AccessTokenRefreshError);
    const other = new FlowExchangeError('m', { error: 'weird', errorDescription: 'd' });
    expect(other).toMatchObject({
      code: 'flow_exchange_failed',
      error: 'weird',
      errorDescription: 'd',
    });
    expect(
      new FlowExchangeError('m', { code: 'state_mismatch', error: 'invalid_grant' }).code,
    ).toBe('state_mismatch');
  });

  it('switch (err.code) narrows to the class (checked by tsc)', () => {
    const describeError = (
      err: LockTimeoutError | StorageWriteError | TimeoutError | LockCompromisedError,
    ): string => {
      switch (err.code) {
        case 'lock_timeout':
          return `waited ${err.waitedMs}`;
        case 'storage_write_failed':
          return `system ${err.systemCode}`;
        case 'timeout':
          return `retryable ${err.retryable}`;
        case 'lock_compromised':
          return `lost ${err.location}`;
        default: {
          const unreachable: never = err;
          return unreachable;
        }
      }
    };
    expect(describeError(new LockTimeoutError('m', { waitedMs: 5 }))).toBe('waited 5');
    expect(describeError(new StorageWriteError('m', { systemCode: 'ENOSPC' }))).toBe(
      'system ENOSPC',
    );
    expect(describeError(new TimeoutError('m'))).toBe('retryable true');
    expect(describeError(new LockCompromisedError('m', { location: '/l' }))).toBe('lost /l');
    expect(new LocatedError('m', { location: '/l' }).location).toBe('/l');
  });
});
