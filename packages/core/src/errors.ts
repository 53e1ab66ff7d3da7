/// <reference types="node" preserve="true" />
/**
 * The @oauth2 error tree. Every error thrown by an @oauth2 package extends {@link OAuth2Error},
 * carries a stable string `code` for `switch (err.code)`, keeps the Python class name as `name`
 * where oauth2client had one, and never puts a secret or raw response/file bytes in its message.
 * Two shared bases: {@link withServerFields} ("the server answered with an OAuth error":
 * `status`, `error`, `errorDescription`, `errorUri`, `retryable`, `retryAfter`) and
 * {@link LocatedError} ("this file, path or entry": `location`).
 *
 * @module
 */
export {
  ApplicationDefaultCredentialsError,
  ConfigurationError,
  InsecureEndpointError,
  InvalidClientSecretsError,
  NotSerializableError,
  UnknownClientSecretsFlowError,
  UnknownCredentialsTypeError,
} from './errors/config-errors.js';
export {
  type ErrorClassOf,
  errorClass,
  type HttpErrorOptions,
  isOAuthServerErrorCode,
  LocatedError,
  type LocatedErrorOptions,
  OAuth2Error,
  type OAuth2ErrorOptions,
  type OAuthServerErrorCode,
  type ServerErrorFields,
  withServerFields,
} from './errors/oauth2-error.js';
export {
  AccessTokenCredentialsError,
  AccessTokenRefreshError,
  CredentialsRevokedError,
  FlowExchangeError,
  type FlowExchangeErrorCode,
  HttpAccessTokenRefreshError,
  MissingRefreshTokenError,
  OAuth2DeviceCodeError,
  TokenInfoError,
  TokenResponseError,
  TokenRevokeError,
  VerifyJwtTokenError,
} from './errors/server-errors.js';
export {
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  InsecureCredentialFileError,
  IsADirectoryError,
  KeyringUnavailableError,
  KeyringValueTooLargeError,
  LockCompromisedError,
  LockTimeoutError,
  NewerCredentialStoreError,
  StorageWriteError,
} from './errors/storage-errors.js';
export { NetworkError, ResponseTooLargeError, TimeoutError } from './errors/transport-errors.js';

import type { OAuthServerErrorCode } from './errors/oauth2-error.js';

/**
 * Every `code` @oauth2/core sets (a closed union): its own codes, plus the standard OAuth codes a
 * server's `error` maps to. Other packages document theirs (`CryptErrorCode`, `MetadataErrorCode`...).
 */
export type OAuth2ErrorCode =
  | 'oauth2_error'
  | 'invalid_argument'
  | 'flow_exchange_failed'
  | 'state_mismatch'
  | 'nonce_mismatch'
  | 'missing_code_verifier'
  | 'access_token_refresh_failed'
  | 'http_error'
  | 'invalid_token_response'
  | 'no_refresh_token'
  | 'credentials_revoked'
  | 'token_revoke_failed'
  | 'token_info_failed'
  | 'device_code_failed'
  | 'access_token_credentials'
  | 'verify_jwt_failed'
  | 'invalid_configuration'
  | 'insecure_endpoint'
  | 'unknown_client_secrets_flow'
  | 'invalid_client_secrets'
  | 'application_default_credentials'
  | 'unknown_credentials_type'
  | 'not_serializable'
  | 'credentials_corrupt'
  | 'lock_timeout'
  | 'lock_compromised'
  | 'credentials_file_symlink'
  | 'is_a_directory'
  | 'storage_write_failed'
  | 'insecure_credential_file'
  | 'newer_credential_store'
  | 'keyring_unavailable'
  | 'keyring_value_too_large'
  | 'response_too_large'
  | 'network_error'
  | 'timeout'
  | OAuthServerErrorCode;
