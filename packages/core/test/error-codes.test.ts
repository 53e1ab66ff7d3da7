import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as core from '../src/errors.js';
import {
  AccessTokenCredentialsError,
  AccessTokenRefreshError,
  ApplicationDefaultCredentialsError,
  ConfigurationError,
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  CredentialsRevokedError,
  FlowExchangeError,
  HttpAccessTokenRefreshError,
  InsecureCredentialFileError,
  InsecureEndpointError,
  InvalidClientSecretsError,
  IsADirectoryError,
  KeyringUnavailableError,
  KeyringValueTooLargeError,
  LockCompromisedError,
  LockTimeoutError,
  MissingRefreshTokenError,
  NetworkError,
  NewerCredentialStoreError,
  NotSerializableError,
  OAuth2DeviceCodeError,
  OAuth2Error,
  type OAuth2ErrorCode,
  ResponseTooLargeError,
  StorageWriteError,
  TimeoutError,
  TokenInfoError,
  TokenResponseError,
  TokenRevokeError,
  UnknownClientSecretsFlowError,
  UnknownCredentialsTypeError,
  VerifyJwtTokenError,
} from '../src/errors.js';

// Every code of the union and a class that carries it: a code added to OAuth2ErrorCode without a
// class here (or one listed here that the union lacks) fails to compile. The standard OAuth codes
// a server sends become the code of the exchange, refresh, revoke, info or device error it caused.
errorCodeSuite('OAuth2ErrorCode', core, {
  oauth2_error: OAuth2Error,
  invalid_argument: OAuth2Error,
  flow_exchange_failed: FlowExchangeError,
  state_mismatch: FlowExchangeError,
  nonce_mismatch: FlowExchangeError,
  missing_code_verifier: FlowExchangeError,
  access_token_refresh_failed: AccessTokenRefreshError,
  http_error: HttpAccessTokenRefreshError,
  invalid_token_response: TokenResponseError,
  no_refresh_token: MissingRefreshTokenError,
  credentials_revoked: CredentialsRevokedError,
  token_revoke_failed: TokenRevokeError,
  token_info_failed: TokenInfoError,
  device_code_failed: OAuth2DeviceCodeError,
  access_token_credentials: AccessTokenCredentialsError,
  verify_jwt_failed: VerifyJwtTokenError,
  invalid_configuration: ConfigurationError,
  insecure_endpoint: InsecureEndpointError,
  unknown_client_secrets_flow: UnknownClientSecretsFlowError,
  invalid_client_secrets: InvalidClientSecretsError,
  application_default_credentials: ApplicationDefaultCredentialsError,
  unknown_credentials_type: UnknownCredentialsTypeError,
  not_serializable: NotSerializableError,
  credentials_corrupt: CredentialsCorruptError,
  lock_timeout: LockTimeoutError,
  lock_compromised: LockCompromisedError,
  credentials_file_symlink: CredentialsFileSymbolicLinkError,
  is_a_directory: IsADirectoryError,
  storage_write_failed: StorageWriteError,
  insecure_credential_file: InsecureCredentialFileError,
  newer_credential_store: NewerCredentialStoreError,
  keyring_unavailable: KeyringUnavailableError,
  keyring_value_too_large: KeyringValueTooLargeError,
  response_too_large: ResponseTooLargeError,
  network_error: NetworkError,
  timeout: TimeoutError,
  invalid_request: FlowExchangeError,
  invalid_client: FlowExchangeError,
  invalid_grant: FlowExchangeError,
  unauthorized_client: FlowExchangeError,
  unsupported_grant_type: FlowExchangeError,
  invalid_scope: FlowExchangeError,
  access_denied: FlowExchangeError,
  unsupported_response_type: FlowExchangeError,
  server_error: FlowExchangeError,
  temporarily_unavailable: FlowExchangeError,
  invalid_token: FlowExchangeError,
  insufficient_scope: FlowExchangeError,
  unsupported_token_type: FlowExchangeError,
  authorization_pending: FlowExchangeError,
  slow_down: FlowExchangeError,
  expired_token: FlowExchangeError,
} satisfies ErrorClassTable<OAuth2ErrorCode>);

describe('OAuth2ErrorCode types', () => {
  it('switch (err.code) narrows to the class', () => {
    const advice = (err: LockTimeoutError | StorageWriteError | TokenResponseError): string => {
      switch (err.code) {
        case 'lock_timeout':
          expectTypeOf(err).toEqualTypeOf<LockTimeoutError>();
          return 'retry later';
        case 'storage_write_failed':
          expectTypeOf(err).toEqualTypeOf<StorageWriteError>();
          return `disk: ${err.systemCode}`;
        case 'invalid_token_response':
          expectTypeOf(err).toEqualTypeOf<TokenResponseError>();
          return `field: ${err.field}`;
        default:
          return err satisfies never;
      }
    };
    expect(advice(new LockTimeoutError('busy'))).toBe('retry later');
    expect(advice(new StorageWriteError('full', { systemCode: 'ENOSPC' }))).toBe('disk: ENOSPC');
  });
});
