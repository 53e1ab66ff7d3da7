/**
 * Errors thrown by @oauth2/crypt. Each extends an error of `@oauth2/core/errors` and carries a
 * stable `code`. No message ever contains a token, a claim value other than a time, key bytes or a
 * URL query.
 *
 * @module
 */
import { OAuth2Error, type OAuth2ErrorOptions, VerifyJwtTokenError } from '@oauth2/core/errors';

/** Why a JWT was rejected. Stable: switch on it. */
export type AppIdentityErrorCode =
  /** Not a compact JWS: segment count, base64url, non-object header or payload, `crit`, size. */
  | 'jwt_malformed'
  /** `alg` is not in the allow-list (`none`, `HS256`, anything not asked for). */
  | 'alg_not_allowed'
  /** The key selected for the token cannot be used with its `alg` (type, curve, RSA < 2048). */
  | 'key_unsupported'
  /** There is no key at all to check the signature against. */
  | 'no_matching_key'
  /** No key verifies the signature. */
  | 'signature_invalid'
  /** `iat` or `exp` is absent. */
  | 'missing_claim'
  /** A time claim is not a number. */
  | 'invalid_claim'
  /** `exp` is past, beyond the clock tolerance. */
  | 'token_expired'
  /** `iat` or `nbf` is in the future, beyond the clock tolerance. */
  | 'token_used_too_early'
  /** `exp` is further in the future than the maximum lifetime (86 400 s by default). */
  | 'lifetime_too_long'
  /** `aud` is absent or names none of the expected audiences. */
  | 'wrong_audience'
  /** Several audiences and `azp` is absent or not an expected audience. */
  | 'wrong_azp'
  /** `iss` is absent or not an accepted issuer. */
  | 'wrong_issuer'
  /** A nonce was expected and the token's is absent or different. */
  | 'wrong_nonce'
  /** A hosted domain was expected and the token's `hd` is absent or different. */
  | 'wrong_hosted_domain';

/**
 * Every `code` an @oauth2/crypt error carries (a closed union: switch on it): the
 * {@link AppIdentityErrorCode} values of {@link AppIdentityError}, and `cert_fetch_failed`
 * ({@link CertFetchError}), `crypto_unavailable` ({@link CryptoUnavailableError}), `invalid_key`
 * ({@link InvalidKeyError}), `invalid_service_account_key` ({@link ServiceAccountKeyError}).
 * A failed token request is core's `HttpAccessTokenRefreshError` / `TokenResponseError`.
 */
export type CryptErrorCode =
  | AppIdentityErrorCode
  | 'cert_fetch_failed'
  | 'crypto_unavailable'
  | 'invalid_key'
  | 'invalid_service_account_key';

/** Options of {@link AppIdentityError}. */
export interface AppIdentityErrorOptions {
  code: AppIdentityErrorCode;
  cause?: unknown;
}

/**
 * A JWT failed verification. Port of `oauth2client.crypt.AppIdentityError`; here it extends
 * `VerifyJwtTokenError`, so `catch (e) { if (e instanceof VerifyJwtTokenError) ... }` sees every
 * verification failure. The message never contains the token or its claims (times excepted).
 *
 * @example
 * try {
 *   await verifier.verify(idToken, CLIENT_ID);
 * } catch (err) {
 *   if (err instanceof AppIdentityError && err.code === 'token_expired') askToSignInAgain();
 *   else throw err;
 * }
 */
export class AppIdentityError extends VerifyJwtTokenError {
  declare readonly code: AppIdentityErrorCode;
  constructor(message: string, options: AppIdentityErrorOptions) {
    super(message, options);
  }
}

/** Options of {@link CertFetchError}. */
export interface CertFetchErrorOptions extends OAuth2ErrorOptions {
  /** HTTP status, when the certificates endpoint answered. */
  status?: number;
  /** Whether trying again later may succeed (timeouts, 5xx, 429, 408). */
  retryable?: boolean;
}

/**
 * The certificates (PEM map or JWKS) could not be fetched or parsed: a timeout (5 s by default),
 * a non-200 status (a redirect is not followed), a body over 1 MiB, or a body that is not a
 * certificate document. Code `cert_fetch_failed`; `status` and `retryable` say more.
 *
 * @example
 * try {
 *   await verifier.verify(idToken, CLIENT_ID);
 * } catch (err) {
 *   if (err instanceof CertFetchError && err.retryable) return res.status(503).end();
 *   throw err;
 * }
 */
export class CertFetchError extends VerifyJwtTokenError {
  static override readonly defaultCode = 'cert_fetch_failed';
  declare readonly code: 'cert_fetch_failed';
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(message: string, options: CertFetchErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }
}

/**
 * The key format needs a crypto backend this library does not have: PKCS#12 (`.p12`) keys. The
 * message shows the `openssl` command that converts the key to PEM. Port of
 * `oauth2client.client.CryptoUnavailableError`. Code `crypto_unavailable`.
 *
 * @example
 * try {
 *   Signer.fromString(p12Bytes);
 * } catch (err) {
 *   if (err instanceof CryptoUnavailableError) console.error(err.message); // shows the command
 * }
 */
export class CryptoUnavailableError extends OAuth2Error {
  static override readonly defaultCode = 'crypto_unavailable';
  declare readonly code: 'crypto_unavailable';
}

/**
 * Key material could not be used: not PEM, an unsupported PEM type, an encrypted key, a JWK of an
 * unsupported type, a key too weak for its algorithm. The message never contains key bytes.
 * Code `invalid_key`.
 *
 * @example
 * try {
 *   Signer.fromString(pem);
 * } catch (err) {
 *   if (err instanceof InvalidKeyError) console.error('check the private_key field:', err.message);
 * }
 */
export class InvalidKeyError extends OAuth2Error {
  static override readonly defaultCode = 'invalid_key';
  declare readonly code: 'invalid_key';
}

/**
 * A service-account key file (or its JSON) is not usable: wrong `type`, a missing or non-string
 * field. The message names the field and the file, never a value. Code
 * `invalid_service_account_key`.
 *
 * @example
 * try {
 *   await ServiceAccountCredentials.fromJsonKeyfile('key.json');
 * } catch (err) {
 *   if (err instanceof ServiceAccountKeyError) console.error(err.message);
 * }
 */
export class ServiceAccountKeyError extends OAuth2Error {
  static override readonly defaultCode = 'invalid_service_account_key';
  declare readonly code: 'invalid_service_account_key';
  /** The file the key came from, when it came from a file. */
  readonly file: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { file?: string } = {}) {
    super(message, options);
    this.file = options.file;
  }
}
