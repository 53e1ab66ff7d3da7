/// <reference types="node" preserve="true" />
/**
 * @oauth2/crypt: JWT signing and verification, Google ID-token verification and service-account
 * credentials, on jose and node:crypto. Port of `oauth2client.crypt`, `verify_id_token`,
 * `SignedJwtAssertionCredentials` and `oauth2client.service_account`.
 * @module
 */
export {
  CertCache,
  type CertCacheOptions,
  DEFAULT_CERTS_MAX_AGE_SEC,
  DEFAULT_CERTS_MAX_BODY_BYTES,
  DEFAULT_CERTS_MIN_AGE_SEC,
  DEFAULT_CERTS_TIMEOUT_MS,
  DEFAULT_REFETCH_COOLDOWN_SEC,
} from './cert-cache.js';
export {
  GOOGLE_CERTS_URL,
  GOOGLE_ISSUERS,
  GOOGLE_JWKS_URL,
  IAP_ISSUERS,
  IAP_JWKS_URL,
} from './constants.js';
export {
  AppIdentityError,
  type AppIdentityErrorCode,
  type AppIdentityErrorOptions,
  CertFetchError,
  type CertFetchErrorOptions,
  type CryptErrorCode,
  CryptoUnavailableError,
  InvalidKeyError,
  ServiceAccountKeyError,
} from './errors.js';
export { type FetchIdTokenOptions, fetchIdToken } from './fetch-id-token.js';
export {
  type IdTokenCheckOptions,
  IdTokenVerifier,
  type IdTokenVerifierOptions,
} from './id-token-verifier.js';
export { MAX_DEFAULT_CERT_CACHES } from './internal/default-cert-caches.js';
export type { JwtAlgorithm } from './internal/keys.js';
export {
  DEFAULT_TOKEN_CACHE_MAX_AGE_SEC,
  DEFAULT_TOKEN_CACHE_MAX_ENTRIES,
  type TokenCacheOptions,
} from './internal/verified-token-cache.js';
export {
  DEFAULT_CLOCK_TOLERANCE_SEC,
  DEFAULT_MAX_LIFETIME_SEC,
  DEFAULT_MAX_TOKEN_BYTES,
  type JwtRuleOptions,
} from './internal/verify-jwt.js';
export {
  JwtAccessCredentials,
  type JwtAccessTokenOptions,
} from './jwt-access-credentials.js';
export type { IdTokenPayload, JwtPayload } from './jwt-payload.js';
export {
  type CertsInput,
  type Jwks,
  KeySet,
  type KeySetEntry,
  type PemCerts,
} from './key-set.js';
export { type MakeSignedJwtOptions, makeSignedJwt } from './make-signed-jwt.js';
export {
  ASSERTION_LIFETIME_SEC,
  ServiceAccountCredentials,
  type ServiceAccountCredentialsOptions,
  type ServiceAccountData,
  type ServiceAccountFactoryOptions,
} from './service-account-credentials.js';
export {
  SignedJwtAssertionCredentials,
  type SignedJwtAssertionCredentialsOptions,
} from './signed-jwt-assertion-credentials.js';
export { Signer } from './signer.js';
export { Verifier } from './verifier.js';
export { type VerifyIdTokenOptions, verifyIdToken } from './verify-id-token.js';
export {
  type VerifySignedJwtOptions,
  verifySignedJwtWithCerts,
} from './verify-signed-jwt-with-certs.js';
