import type { CredentialsRuntimeOptions } from './credentials.js';
import type { RetryPolicy } from './http/retry.js';

/** Default upper bound of the eager-refresh window: 5 minutes (adversarial decision 4). */
export const DEFAULT_EAGER_REFRESH_THRESHOLD_MS = 5 * 60 * 1000;

/** Default refresh retry policy (adversarial C7, c6): 4 attempts, 1 s ×2 ±20 %, 30 s deadline. */
export const DEFAULT_REFRESH_RETRY: Readonly<Required<RetryPolicy>> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 1000,
  factor: 2,
  jitter: 0.2,
  deadlineMs: 30_000,
});

/**
 * Fields of an `OAuth2Credentials` (oauth2client's constructor arguments, camelCased) plus
 * runtime options. Every field is optional; absent means null.
 */
export interface OAuth2CredentialsOptions extends CredentialsRuntimeOptions {
  /** The access token (a secret). */
  accessToken?: string | null | undefined;
  clientId?: string | null | undefined;
  /** The client secret (a secret). */
  clientSecret?: string | null | undefined;
  /** The refresh token (a secret). */
  refreshToken?: string | null | undefined;
  /** When the access token expires; null = never (or unknown). */
  tokenExpiry?: Date | null | undefined;
  /** The token endpoint; required to refresh. */
  tokenUri?: string | null | undefined;
  /** Sent as (or prefixed to) `user-agent`. */
  userAgent?: string | null | undefined;
  /** The revocation endpoint; required to revoke. */
  revokeUri?: string | null | undefined;
  /** The decoded ID token payload (not the JWT). */
  idToken?: Record<string, unknown> | null | undefined;
  /** The raw ID token JWT. */
  idTokenJwt?: string | null | undefined;
  /** The token endpoint's whole decoded response. */
  tokenResponse?: Record<string, unknown> | null | undefined;
  /** A space-separated string or any iterable of scopes. */
  scopes?: string | Iterable<string> | null | undefined;
  /** The token information endpoint, for `retrieveScopes`. */
  tokenInfoUri?: string | null | undefined;
  /** Set when the refresh token was refused (`invalid_grant`) or revoked. */
  invalid?: boolean | undefined;
}

/** What `getAccessToken()` returns (oauth2client's `AccessTokenInfo`). */
export interface AccessTokenInfo {
  /** A non-empty access token. */
  accessToken: string;
  /** Whole seconds until expiry (0 once expired), or null when the token has no expiry. */
  expiresIn: number | null;
}
