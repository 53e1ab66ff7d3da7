/// <reference types="node" preserve="true" />
/**
 * @oauth2/core: credentials, token refresh, web-server and device flows, client secrets and the
 * Storage contract. Port of `oauth2client.client`, `clientsecrets` and `util`.
 * @module
 */
// Folder layers (public concepts here; flows/, internal/ below; wire/, sync/ at the bottom): CONTRIBUTING.md.
// biome-ignore-all assist/source/organizeImports: exports stay grouped by concept (sorted within each group)
export * from './errors.js';
export { type PythonJsonOptions, pythonJsonDumps } from './fs/python-json.js';
export { HeldLockStorage, type ReleasableLock } from './held-lock-storage.js';
export { type Clock, type FetchLike, systemClock } from './http/index.js';
export { AsyncMutex } from './sync/mutex.js';
export { jsonNestingDepth, MAX_JSON_DEPTH, parseJson } from './wire/parse-json.js';
export {
  DEFAULT_SAFE_TEXT_LENGTH,
  type SanitizeTextOptions,
  sanitizeText,
} from './wire/safe-text.js';
export { formatExpiry, parseExpiry } from './internal/expiry.js';
export type { ScopableCredentials } from './scopable-credentials.js';
export { type JsonObjectProblem, parseJsonObject } from './wire/json-object.js';
export {
  type CredentialFieldIssue,
  checkCredentialFields,
  parseServiceAccountKey,
  SERVICE_ACCOUNT_KEY_REQUIRED,
  type ServiceAccountKey,
} from './wire/service-account-key.js';
export { Storage } from './storage.js';

// Credentials, refresh and storage
export {
  AccessTokenCredentials,
  type AccessTokenCredentialsOptions,
} from './access-token-credentials.js';
export { AssertionCredentials, type AssertionCredentialsOptions } from './assertion-credentials.js';
export {
  type CallOptions,
  Credentials,
  type CredentialsFromJson,
  type CredentialsRuntimeOptions,
  type SetStoreOptions,
} from './credentials.js';
export {
  GOOGLE_AUTH_URI,
  GOOGLE_DEVICE_URI,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_INFO_URI,
  GOOGLE_TOKEN_URI,
  ID_TOKEN_VERIFICATION_CERTS,
  ID_TOKEN_VERIFICATION_JWKS,
  JWT_BEARER_GRANT_TYPE,
  OOB_CALLBACK_URN,
  REFRESH_STATUS_CODES,
} from './wire/endpoints.js';
export { type AuthorizedUserData, GoogleCredentials } from './google-credentials.js';
export {
  MemoryStorage,
  MemoryStorageBackend,
  type MemoryStorageOptions,
} from './memory-storage.js';
export { OAuth2Credentials } from './oauth2-credentials.js';
export {
  type AccessTokenInfo,
  DEFAULT_EAGER_REFRESH_THRESHOLD_MS,
  DEFAULT_REFRESH_RETRY,
  type OAuth2CredentialsOptions,
} from './oauth2-credentials-options.js';
export { scopesToString, stringToScopes } from './scopes.js';
export { storedCredentialsFromJson } from './stored-credentials.js';
export {
  type OAuthErrorBody,
  parseOAuthErrorBody,
  parseTokenResponse,
  type TokenResponse,
} from './wire/token-response.js';

// Flows and client secrets
export {
  CLIENT_SECRETS_CACHE_NAMESPACE,
  type ClientSecrets,
  type ClientSecretsCache,
  type ClientSecretsInfo,
  type ClientType,
  loadClientSecrets,
  parseClientSecrets,
} from './client-secrets.js';
export {
  type CredentialsFromClientSecretsAndCodeOptions,
  type CredentialsFromCodeOptions,
  credentialsFromClientSecretsAndCode,
  credentialsFromCode,
} from './credentials-from-code.js';
export { DeviceFlowInfo } from './device-flow.js';
export { DEVICE_CODE_GRANT_TYPE } from './flows/exchange.js';
export { OAuth2FlowClient } from './flow-client.js';
export {
  type FlowFromClientSecretsOptions,
  flowFromClientSecrets,
} from './flow-from-client-secrets.js';
export { codeChallengeS256, createPkcePair, generateCodeVerifier, type PkcePair } from './pkce.js';
export {
  type AuthorizationRequest,
  type CallbackInput,
  type ExchangeOptions,
  OAuth2WebServerFlow,
  type OAuth2WebServerFlowOptions,
} from './web-server-flow.js';
