/**
 * Each public package's closed error-code union (issue 11), as a table from code to class: the
 * `satisfies ErrorClassTable<Union>` makes the keys exactly the union's values (checked by the
 * typecheck), so the README check reads the codes from here.
 */

import type { AdcErrorCode } from '@oauth2/adc';
import * as adc from '@oauth2/adc';
import type { CliErrorCode } from '@oauth2/cli';
import * as cli from '@oauth2/cli';
import type { OAuth2ErrorCode } from '@oauth2/core/errors';
import * as core from '@oauth2/core/errors';
import type { CryptErrorCode } from '@oauth2/crypt';
import * as crypt from '@oauth2/crypt';
import type { DevshellErrorCode } from '@oauth2/devshell';
import * as devshell from '@oauth2/devshell';
import type { ExpressErrorCode } from '@oauth2/express';
import * as express from '@oauth2/express';
import type { GceErrorCode } from '@oauth2/gce';
import * as gce from '@oauth2/gce';
import type { FileStorageErrorCode } from '@oauth2/storage-file';
import * as storageFile from '@oauth2/storage-file';
import type { KeyringStorageErrorCode } from '@oauth2/storage-keyring';
import * as storageKeyring from '@oauth2/storage-keyring';
import type { MultistoreErrorCode } from '@oauth2/storage-multistore';
import * as multistore from '@oauth2/storage-multistore';
import type { PostgresStorageErrorCode } from '@oauth2/storage-postgres';
import * as postgres from '@oauth2/storage-postgres';
import type { RedisStorageErrorCode } from '@oauth2/storage-redis';
import * as redis from '@oauth2/storage-redis';
import type { XsrfErrorCode } from '@oauth2/xsrf';
import * as xsrf from '@oauth2/xsrf';

import {
  type ErrorClassTable,
  type PackageErrorCodes,
  packageErrorCodes,
} from './error-code-table.js';

/** Package folder -> its code union and table. */
export const ERROR_CODE_TABLES: Record<string, PackageErrorCodes> = {
  core: packageErrorCodes('OAuth2ErrorCode', core, {
    oauth2_error: core.OAuth2Error,
    invalid_argument: core.OAuth2Error,
    flow_exchange_failed: core.FlowExchangeError,
    state_mismatch: core.FlowExchangeError,
    nonce_mismatch: core.FlowExchangeError,
    missing_code_verifier: core.FlowExchangeError,
    access_token_refresh_failed: core.AccessTokenRefreshError,
    http_error: core.HttpAccessTokenRefreshError,
    invalid_token_response: core.TokenResponseError,
    no_refresh_token: core.MissingRefreshTokenError,
    credentials_revoked: core.CredentialsRevokedError,
    token_revoke_failed: core.TokenRevokeError,
    token_info_failed: core.TokenInfoError,
    device_code_failed: core.OAuth2DeviceCodeError,
    access_token_credentials: core.AccessTokenCredentialsError,
    verify_jwt_failed: core.VerifyJwtTokenError,
    invalid_configuration: core.ConfigurationError,
    insecure_endpoint: core.InsecureEndpointError,
    unknown_client_secrets_flow: core.UnknownClientSecretsFlowError,
    invalid_client_secrets: core.InvalidClientSecretsError,
    application_default_credentials: core.ApplicationDefaultCredentialsError,
    unknown_credentials_type: core.UnknownCredentialsTypeError,
    not_serializable: core.NotSerializableError,
    credentials_corrupt: core.CredentialsCorruptError,
    lock_timeout: core.LockTimeoutError,
    lock_compromised: core.LockCompromisedError,
    credentials_file_symlink: core.CredentialsFileSymbolicLinkError,
    is_a_directory: core.IsADirectoryError,
    storage_write_failed: core.StorageWriteError,
    insecure_credential_file: core.InsecureCredentialFileError,
    newer_credential_store: core.NewerCredentialStoreError,
    keyring_unavailable: core.KeyringUnavailableError,
    keyring_value_too_large: core.KeyringValueTooLargeError,
    response_too_large: core.ResponseTooLargeError,
    network_error: core.NetworkError,
    timeout: core.TimeoutError,
    invalid_request: core.FlowExchangeError,
    invalid_client: core.FlowExchangeError,
    invalid_grant: core.FlowExchangeError,
    unauthorized_client: core.FlowExchangeError,
    unsupported_grant_type: core.FlowExchangeError,
    invalid_scope: core.FlowExchangeError,
    access_denied: core.FlowExchangeError,
    unsupported_response_type: core.FlowExchangeError,
    server_error: core.FlowExchangeError,
    temporarily_unavailable: core.FlowExchangeError,
    invalid_token: core.FlowExchangeError,
    insufficient_scope: core.FlowExchangeError,
    unsupported_token_type: core.FlowExchangeError,
    authorization_pending: core.FlowExchangeError,
    slow_down: core.FlowExchangeError,
    expired_token: core.FlowExchangeError,
  } satisfies ErrorClassTable<OAuth2ErrorCode>),
  crypt: packageErrorCodes('CryptErrorCode', crypt, {
    jwt_malformed: crypt.AppIdentityError,
    alg_not_allowed: crypt.AppIdentityError,
    key_unsupported: crypt.AppIdentityError,
    no_matching_key: crypt.AppIdentityError,
    signature_invalid: crypt.AppIdentityError,
    missing_claim: crypt.AppIdentityError,
    invalid_claim: crypt.AppIdentityError,
    token_expired: crypt.AppIdentityError,
    token_used_too_early: crypt.AppIdentityError,
    lifetime_too_long: crypt.AppIdentityError,
    wrong_audience: crypt.AppIdentityError,
    wrong_azp: crypt.AppIdentityError,
    wrong_issuer: crypt.AppIdentityError,
    wrong_nonce: crypt.AppIdentityError,
    wrong_hosted_domain: crypt.AppIdentityError,
    cert_fetch_failed: crypt.CertFetchError,
    crypto_unavailable: crypt.CryptoUnavailableError,
    invalid_key: crypt.InvalidKeyError,
    invalid_service_account_key: crypt.ServiceAccountKeyError,
  } satisfies ErrorClassTable<CryptErrorCode>),
  gce: packageErrorCodes('GceErrorCode', gce, {
    metadata_bad_flavor: gce.MetadataError,
    metadata_malformed: gce.MetadataError,
    service_account_not_found: gce.MetadataError,
    metadata_forbidden: gce.MetadataError,
    metadata_not_found: gce.MetadataError,
    metadata_redirect: gce.MetadataError,
    metadata_http_error: gce.MetadataError,
    metadata_invalid_config: gce.MetadataError,
    not_serializable: core.NotSerializableError,
  } satisfies ErrorClassTable<GceErrorCode>),
  devshell: packageErrorCodes('DevshellErrorCode', devshell, {
    devshell_error: devshell.DevshellError,
    no_devshell_server: devshell.NoDevshellServer,
    devshell_communication: devshell.CommunicationError,
    timeout: devshell.CommunicationError,
    invalid_port: devshell.DevshellError,
    no_access_token: devshell.DevshellError,
    not_serializable: core.NotSerializableError,
  } satisfies ErrorClassTable<DevshellErrorCode>),
  adc: packageErrorCodes('AdcErrorCode', adc, {
    application_default_credentials: core.ApplicationDefaultCredentialsError,
    not_serializable: core.NotSerializableError,
    credentials_file_symlink: core.CredentialsFileSymbolicLinkError,
    storage_write_failed: core.StorageWriteError,
  } satisfies ErrorClassTable<AdcErrorCode>),
  express: packageErrorCodes('ExpressErrorCode', express, {
    oauth2_configuration: express.OAuth2ConfigurationError,
    invalid_client_secrets: core.InvalidClientSecretsError,
    unknown_client_secrets_flow: core.UnknownClientSecretsFlowError,
    oauth2_error: core.OAuth2Error,
  } satisfies ErrorClassTable<ExpressErrorCode>),
  cli: packageErrorCodes('CliErrorCode', cli, {
    login_timeout: cli.LoginTimeoutError,
    loopback_server_failed: cli.LoopbackServerError,
    discovery_failed: cli.DiscoveryError,
  } satisfies ErrorClassTable<CliErrorCode>),
  xsrf: packageErrorCodes('XsrfErrorCode', xsrf, {
    xsrf_key_too_short: xsrf.XsrfError,
    xsrf_invalid_argument: xsrf.XsrfError,
  } satisfies ErrorClassTable<XsrfErrorCode>),
  'storage-file': packageErrorCodes('FileStorageErrorCode', storageFile, {
    credentials_corrupt: core.CredentialsCorruptError,
    credentials_file_symlink: core.CredentialsFileSymbolicLinkError,
    insecure_credential_file: core.InsecureCredentialFileError,
    is_a_directory: core.IsADirectoryError,
    lock_timeout: core.LockTimeoutError,
    lock_compromised: core.LockCompromisedError,
    storage_write_failed: core.StorageWriteError,
  } satisfies ErrorClassTable<FileStorageErrorCode>),
  'storage-keyring': packageErrorCodes('KeyringStorageErrorCode', storageKeyring, {
    keyring_unavailable: core.KeyringUnavailableError,
    keyring_value_too_large: core.KeyringValueTooLargeError,
    credentials_corrupt: core.CredentialsCorruptError,
  } satisfies ErrorClassTable<KeyringStorageErrorCode>),
  'storage-multistore': packageErrorCodes('MultistoreErrorCode', multistore, {
    multistore_key_invalid: multistore.MultistoreKeyError,
    credentials_corrupt: multistore.MultistoreEntryCorruptError,
    newer_credential_store: core.NewerCredentialStoreError,
    lock_timeout: core.LockTimeoutError,
    lock_compromised: core.LockCompromisedError,
    credentials_file_symlink: core.CredentialsFileSymbolicLinkError,
    is_a_directory: core.IsADirectoryError,
    storage_write_failed: core.StorageWriteError,
  } satisfies ErrorClassTable<MultistoreErrorCode>),
  'storage-postgres': packageErrorCodes('PostgresStorageErrorCode', postgres, {
    postgres_unavailable: postgres.PostgresUnavailableError,
    postgres_serialization_failure: postgres.PostgresSerializationError,
    postgres_table_missing: postgres.PostgresTableMissingError,
    postgres_error: postgres.PostgresStorageError,
  } satisfies ErrorClassTable<PostgresStorageErrorCode>),
  'storage-redis': packageErrorCodes('RedisStorageErrorCode', redis, {
    redis_unavailable: redis.RedisUnavailableError,
    redis_readonly: redis.RedisReadOnlyError,
    redis_oom: redis.RedisOutOfMemoryError,
    redis_command_failed: redis.RedisStorageError,
    redis_timeout: redis.RedisTimeoutError,
  } satisfies ErrorClassTable<RedisStorageErrorCode>),
};
