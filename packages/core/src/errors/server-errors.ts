import {
  errorClass,
  OAuth2Error,
  type OAuthServerErrorCode,
  withServerFields,
} from './oauth2-error.js';

/** The codes of {@link FlowExchangeError}: its own, a transport failure's, or the server's `error`. */
export type FlowExchangeErrorCode =
  | 'flow_exchange_failed'
  | 'state_mismatch'
  | 'nonce_mismatch'
  | 'missing_code_verifier'
  | 'invalid_token_response'
  | 'network_error'
  | 'timeout'
  | OAuthServerErrorCode;

/**
 * The authorization code (or device code) could not be exchanged for tokens. `code` is the
 * server's `error` (`invalid_grant`...) when it is a standard one, else `flow_exchange_failed`.
 *
 * @example
 * try { await flow.step2Exchange(code); } catch (err) {
 *   if (err instanceof FlowExchangeError) console.error(err.message); // "invalid_grant: Malformed auth code."
 * }
 */
export class FlowExchangeError extends withServerFields(
  OAuth2Error,
  'flow_exchange_failed' as FlowExchangeErrorCode,
) {}

/** A token refresh failed. */
export class AccessTokenRefreshError extends errorClass(
  OAuth2Error,
  'access_token_refresh_failed' as string,
) {}

/**
 * The token endpoint answered a refresh with an error status. `code` is the server's `error`
 * (`invalid_grant`...) when it is a standard one, else `http_error`.
 *
 * @example
 * if (err instanceof HttpAccessTokenRefreshError && err.code === 'invalid_grant') signInAgain();
 */
export class HttpAccessTokenRefreshError extends withServerFields(
  AccessTokenRefreshError,
  'http_error' as string,
) {}

/**
 * A token endpoint answered 200 with a body that is not a usable token response (no
 * `access_token`, a wrong `token_type`, a bad `expires_in`, not a JSON object...). The message
 * names the field, never its value.
 */
export class TokenResponseError extends errorClass(
  AccessTokenRefreshError,
  'invalid_token_response',
  {
    /** The offending field, when one is to blame. */
    field: undefined as string | undefined,
  },
) {}

/**
 * A refresh was asked of a credential that has no refresh token; nothing was sent. Sign in again
 * (or load a credential that has one).
 *
 * @example
 * try { await credentials.refresh(); } catch (err) {
 *   if (err instanceof MissingRefreshTokenError) await signInAgain();
 * }
 */
export class MissingRefreshTokenError extends errorClass(
  AccessTokenRefreshError,
  'no_refresh_token',
) {}

/**
 * The credential was revoked (by this process with `revoke()`): it is not refreshed again, and a
 * refresh that was in flight when the revoke started is not applied or stored. Sign in again.
 *
 * @example
 * await credentials.revoke();
 * await credentials.refresh(); // throws CredentialsRevokedError, nothing is sent
 */
export class CredentialsRevokedError extends errorClass(
  AccessTokenRefreshError,
  'credentials_revoked',
) {}

/**
 * Revoking a token failed. The local copy of the credential is kept. `code` is the server's
 * `error` when it is a standard one (`unsupported_token_type`...), else `token_revoke_failed`.
 */
export class TokenRevokeError extends withServerFields(OAuth2Error, 'token_revoke_failed') {}

/**
 * The token information endpoint refused or failed (`retrieveScopes`). `code` is the server's
 * `error` when it is a standard one (`invalid_token`...), else `token_info_failed`.
 */
export class TokenInfoError extends withServerFields(OAuth2Error, 'token_info_failed') {}

/**
 * The device flow failed. `code` is the RFC 8628 error (`expired_token`, `access_denied`) or
 * `device_code_failed`.
 */
export class OAuth2DeviceCodeError extends withServerFields(OAuth2Error, 'device_code_failed') {}

/** An `AccessTokenCredentials` token expired or was rejected; it cannot be refreshed. */
export class AccessTokenCredentialsError extends errorClass(
  OAuth2Error,
  'access_token_credentials',
) {}

/** A JWT (ID token) could not be decoded or verified. */
export class VerifyJwtTokenError extends errorClass(OAuth2Error, 'verify_jwt_failed' as string) {}
