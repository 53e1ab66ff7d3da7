import { type CallOptions, Credentials, type CredentialsRuntimeOptions } from './credentials.js';
import {
  AccessTokenRefreshError,
  HttpAccessTokenRefreshError,
  TokenRevokeError,
} from './errors.js';
import { type Clock, systemClock } from './http/clock.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike } from './http/request.js';
import type { RetryPolicy } from './http/retry.js';
import type { AuthorizeTarget } from './internal/authorized-fetch.js';
import { formatExpiry } from './internal/expiry.js';
import { decodeIdTokenPayloadUnverified } from './internal/id-token.js';
import { readOAuth2JsonFields } from './internal/oauth2-json.js';
import { REDACTED, redact } from './internal/redact.js';
import {
  fetchTokenScopes,
  revokeAtServer,
  type SimpleRequestConfig,
} from './internal/revoke-request.js';
import { SingleFlight } from './internal/single-flight.js';
import { buildRefreshGrantBody, postTokenRequest } from './internal/token-endpoint.js';
import { stringToScopes } from './scopes.js';
import type { TokenResponse } from './token-response.js';

/** Default upper bound of the eager-refresh window: 5 minutes. */
export const DEFAULT_EAGER_REFRESH_THRESHOLD_MS = 5 * 60 * 1000;

/** Default refresh retry policy (adversarial C7, c6): 4 attempts, 1 s ×2 ±20 %, 30 s deadline. */
export const DEFAULT_REFRESH_RETRY: Readonly<Required<RetryPolicy>> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 1000,
  factor: 2,
  jitter: 0.2,
  deadlineMs: 30_000,
});

/** Fields of an {@link OAuth2Credentials}, plus runtime options. All optional; absent means null. */
export interface OAuth2CredentialsOptions extends CredentialsRuntimeOptions {
  accessToken?: string | null | undefined;
  clientId?: string | null | undefined;
  clientSecret?: string | null | undefined;
  refreshToken?: string | null | undefined;
  /** When the access token expires; null = never (or unknown). */
  tokenExpiry?: Date | null | undefined;
  tokenUri?: string | null | undefined;
  /** Sent as (or prefixed to) `user-agent`. */
  userAgent?: string | null | undefined;
  revokeUri?: string | null | undefined;
  /** The decoded ID token payload (not the JWT). */
  idToken?: Record<string, unknown> | null | undefined;
  /** The raw ID token JWT. */
  idTokenJwt?: string | null | undefined;
  /** The token endpoint's whole decoded response. */
  tokenResponse?: Record<string, unknown> | null | undefined;
  /** A space-separated string or any iterable of scopes. */
  scopes?: string | Iterable<string> | null | undefined;
  tokenInfoUri?: string | null | undefined;
  /** Set when the refresh token was refused (`invalid_grant`) or revoked. */
  invalid?: boolean | undefined;
}

/** What {@link OAuth2Credentials.getAccessToken} returns (oauth2client's `AccessTokenInfo`). */
export interface AccessTokenInfo {
  accessToken: string;
  /** Whole seconds until expiry (0 once expired), or null when the token has no expiry. */
  expiresIn: number | null;
}

/**
 * Credentials holding an OAuth 2.0 access token and (usually) a refresh token. Port of
 * `oauth2client.client.OAuth2Credentials`, JSON-compatible with 1.5.2 and 4.1.3.
 *
 * Refreshes are single-flight (concurrent callers share one request), eager (when less than
 * `min(5 min, lifetime / 2)` remains), retried on 5xx/429/timeouts, and, when a store is
 * attached, done under the store's lock after re-reading it, so that several processes sharing a
 * store refresh once.
 *
 * @example
 * const credentials = new OAuth2Credentials({
 *   clientId, clientSecret, refreshToken, tokenUri: GOOGLE_TOKEN_URI,
 * });
 * const { accessToken } = await credentials.getAccessToken();
 */
export class OAuth2Credentials extends Credentials {
  static override readonly jsonClass: string = 'OAuth2Credentials';
  static {
    Credentials.register('oauth2client.client', 'OAuth2Credentials', (data, options) =>
      OAuth2Credentials.fromJson(data, options),
    );
  }

  clientId: string | null;
  /** Expiry of the access token; null = none known. */
  tokenExpiry: Date | null;
  tokenUri: string | null;
  userAgent: string | null;
  revokeUri: string | null;
  /** Granted scopes (a set, as in Python). */
  scopes: Set<string>;
  tokenInfoUri: string | null;
  /** True after `invalid_grant` or a revoke: the refresh token is no good. */
  invalid: boolean;

  #accessToken: string | null;
  #clientSecret: string | null;
  #refreshToken: string | null;
  #idToken: Record<string, unknown> | null;
  #idTokenJwt: string | null;
  #tokenResponse: Record<string, unknown> | null;

  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #thresholdMs: number;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #random: (() => number) | undefined;
  readonly #flight = new SingleFlight<void>();
  /** Lifetime of the current token (`expires_in`), for the eager-refresh window. */
  #lifetimeMs: number | undefined;
  /** An `Authorization` value a server refused while we could not retry: refresh next time. */
  #rejectedAuthorization: string | null = null;

  /** Build credentials from one options object (see {@link OAuth2CredentialsOptions}). */
  constructor(options: OAuth2CredentialsOptions = {}) {
    super();
    this.#accessToken = options.accessToken ?? null;
    this.clientId = options.clientId ?? null;
    this.#clientSecret = options.clientSecret ?? null;
    this.#refreshToken = options.refreshToken ?? null;
    this.tokenExpiry = options.tokenExpiry ?? null;
    this.tokenUri = options.tokenUri ?? null;
    this.userAgent = options.userAgent ?? null;
    this.revokeUri = options.revokeUri ?? null;
    this.#idToken = options.idToken ?? null;
    this.#idTokenJwt = options.idTokenJwt ?? null;
    this.#tokenResponse = options.tokenResponse ?? null;
    this.scopes = new Set(stringToScopes(options.scopes));
    this.tokenInfoUri = options.tokenInfoUri ?? null;
    this.invalid = options.invalid ?? false;
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#thresholdMs = options.eagerRefreshThresholdMs ?? DEFAULT_EAGER_REFRESH_THRESHOLD_MS;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = { ...DEFAULT_REFRESH_RETRY, ...options.retry };
    this.#random = options.random;
    this.#lifetimeMs = lifetimeFrom(this.#tokenResponse);
  }

  /**
   * Rebuild from oauth2client JSON (a string or the parsed object). Unknown keys are kept and
   * written back by `toJson()`.
   * @throws {CredentialsCorruptError} a key has the wrong type.
   * @example
   * const credentials = OAuth2Credentials.fromJson(text, { fetch });
   */
  static fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): OAuth2Credentials {
    const data = typeof json === 'string' ? (JSON.parse(json) as Record<string, unknown>) : json;
    const credentials = new OAuth2Credentials({ ...readOAuth2JsonFields(data), ...options });
    credentials.retainJsonKeys(data);
    return credentials;
  }

  /** The access token (a secret). */
  get accessToken(): string | null {
    return this.#accessToken;
  }
  set accessToken(value: string | null) {
    this.#accessToken = value;
  }
  /** The client secret (a secret). */
  get clientSecret(): string | null {
    return this.#clientSecret;
  }
  set clientSecret(value: string | null) {
    this.#clientSecret = value;
  }
  /** The refresh token (a secret). */
  get refreshToken(): string | null {
    return this.#refreshToken;
  }
  set refreshToken(value: string | null) {
    this.#refreshToken = value;
  }
  /** The decoded (unverified) ID token payload. */
  get idToken(): Record<string, unknown> | null {
    return this.#idToken;
  }
  set idToken(value: Record<string, unknown> | null) {
    this.#idToken = value;
  }
  /** The raw ID token JWT. */
  get idTokenJwt(): string | null {
    return this.#idTokenJwt;
  }
  set idTokenJwt(value: string | null) {
    this.#idTokenJwt = value;
  }
  /** The last token endpoint response, decoded. */
  get tokenResponse(): Record<string, unknown> | null {
    return this.#tokenResponse;
  }
  set tokenResponse(value: Record<string, unknown> | null) {
    this.#tokenResponse = value;
    this.#lifetimeMs = lifetimeFrom(value);
  }

  /** The clock this credential reads (for subclasses computing expiry or assertions). */
  protected get clock(): Clock {
    return this.#clock;
  }

  /**
   * oauth2client's `access_token_expired`: true when invalid, false without an expiry, else
   * `now >= tokenExpiry` (no buffer; the eager window only affects when we refresh).
   */
  get accessTokenExpired(): boolean {
    if (this.invalid) return true;
    if (!this.tokenExpiry) return false;
    return this.#clock.now() >= this.tokenExpiry.getTime();
  }

  /**
   * Whether the token should be refreshed before use: missing, invalid, refused by a server, or
   * within `min(eagerRefreshThresholdMs, lifetime / 2)` of expiry.
   */
  protected needsRefresh(): boolean {
    if (!this.#accessToken || this.invalid) return true;
    if (this.#rejectedAuthorization === `Bearer ${this.#accessToken}`) return true;
    if (!this.tokenExpiry) return false;
    const window =
      this.#lifetimeMs === undefined
        ? this.#thresholdMs
        : Math.min(this.#thresholdMs, this.#lifetimeMs / 2);
    return this.#clock.now() >= this.tokenExpiry.getTime() - window;
  }

  /**
   * A valid access token, refreshing first when needed, and its remaining lifetime.
   * @throws {HttpAccessTokenRefreshError} the refresh failed.
   * @example
   * const { accessToken, expiresIn } = await credentials.getAccessToken();
   */
  async getAccessToken(options: CallOptions = {}): Promise<AccessTokenInfo> {
    if (this.needsRefresh()) await this.refresh(options);
    const accessToken = this.#accessToken;
    if (!accessToken) throw new AccessTokenRefreshError('The refresh produced no access token.');
    return { accessToken, expiresIn: this.#expiresIn() };
  }

  #expiresIn(): number | null {
    if (!this.tokenExpiry) return null;
    return Math.max(0, Math.floor((this.tokenExpiry.getTime() - this.#clock.now()) / 1000));
  }

  /**
   * Get a new access token now. Concurrent calls share one request. With a store attached the
   * refresh runs under the store's lock: a newer valid token found there is adopted without any
   * HTTP request; otherwise the token endpoint is called and the full credential written back.
   *
   * @throws {HttpAccessTokenRefreshError} the endpoint refused (`code` is its `error`, e.g.
   *   `invalid_grant`, which also sets `invalid` and persists it) or kept failing (`retryable`).
   * @throws {TokenResponseError} a 2xx body that is not a usable token response.
   * @throws {TimeoutError} the attempt (10 s) or the whole refresh (30 s) ran out of time.
   * @throws {LockTimeoutError} the store's lock could not be taken.
   * @example
   * await credentials.refresh({ signal: AbortSignal.timeout(5000) });
   */
  override refresh(options: CallOptions = {}): Promise<void> {
    return this.#flight.run((signal) => this.#refreshWithStore(signal), options.signal);
  }

  async #refreshWithStore(signal: AbortSignal): Promise<void> {
    const store = this.store;
    if (!store) {
      await this.#refreshOverHttp(signal);
      return;
    }
    await store.acquireLock();
    try {
      const stored = await store.lockedGet();
      if (
        stored instanceof OAuth2Credentials &&
        !stored.invalid &&
        stored.accessToken &&
        stored.accessToken !== this.#accessToken &&
        !stored.needsRefresh()
      ) {
        this.adoptState(stored);
        return;
      }
      await this.#refreshOverHttp(signal);
    } finally {
      await store.releaseLock();
    }
  }

  async #refreshOverHttp(signal: AbortSignal): Promise<void> {
    if (!this.tokenUri) {
      throw new AccessTokenRefreshError(
        'Cannot refresh: the credential has no token_uri. Set tokenUri.',
      );
    }
    let response: TokenResponse;
    try {
      const body = await this.refreshGrantBody();
      response = await postTokenRequest(
        {
          url: this.tokenUri,
          userAgent: this.userAgent,
          fetch: this.#fetch,
          clock: this.#clock,
          timeoutMs: this.#timeoutMs,
          retry: this.#retry,
          random: this.#random,
          signal,
        },
        body,
      );
    } catch (err) {
      if (err instanceof HttpAccessTokenRefreshError && !err.retryable && err.error !== undefined) {
        this.invalid = true;
        await this.store?.lockedPut(this);
      }
      throw err;
    }
    this.applyTokenResponse(response);
    await this.store?.lockedPut(this);
  }

  /** The form body of the refresh grant; assertion credentials override it. */
  protected async refreshGrantBody(): Promise<string> {
    return buildRefreshGrantBody({
      clientId: this.clientId,
      clientSecret: this.#clientSecret,
      refreshToken: this.#refreshToken,
    });
  }

  /**
   * Take in a token response: new access token, rotated refresh token (else the old one kept),
   * expiry = local receipt time + `expires_in` (the `Date` header is ignored) or none, the ID
   * token decoded (unverified, it came straight from the token endpoint over TLS), valid again.
   * @throws {VerifyJwtTokenError} the `id_token` is not a well-formed JWT (nothing is changed).
   */
  protected applyTokenResponse(response: TokenResponse): void {
    const idToken =
      response.idToken === undefined ? null : decodeIdTokenPayloadUnverified(response.idToken);
    this.#accessToken = response.accessToken;
    if (response.refreshToken !== undefined) this.#refreshToken = response.refreshToken;
    this.tokenResponse = response.raw;
    this.#lifetimeMs = response.expiresIn === undefined ? undefined : response.expiresIn * 1000;
    this.tokenExpiry =
      response.expiresIn === undefined
        ? null
        : new Date(this.#clock.now() + response.expiresIn * 1000);
    this.#idToken = idToken;
    this.#idTokenJwt = response.idToken ?? null;
    this.invalid = false;
    this.#rejectedAuthorization = null;
  }

  /** Copy the token state of a credential read from the store (store-aware refresh). */
  protected adoptState(other: OAuth2Credentials): void {
    this.#accessToken = other.#accessToken;
    this.clientId = other.clientId;
    this.#clientSecret = other.#clientSecret;
    this.#refreshToken = other.#refreshToken;
    this.tokenExpiry = other.tokenExpiry;
    this.tokenUri = other.tokenUri;
    this.userAgent = other.userAgent;
    this.revokeUri = other.revokeUri;
    this.#idToken = other.#idToken;
    this.#idTokenJwt = other.#idTokenJwt;
    this.#tokenResponse = other.#tokenResponse;
    this.#lifetimeMs = other.#lifetimeMs;
    this.scopes = new Set(other.scopes);
    this.tokenInfoUri = other.tokenInfoUri;
    this.invalid = other.invalid;
    this.#rejectedAuthorization = null;
  }

  /**
   * Set `Authorization: Bearer <access token>`.
   * @throws {AccessTokenRefreshError} there is no access token (refresh first); an empty bearer
   *   is never sent.
   * @example
   * const headers = new Headers();
   * credentials.apply(headers);
   */
  override apply(headers: Headers | Record<string, string>): void {
    if (!this.#accessToken) {
      throw new AccessTokenRefreshError(
        'No access token to send; call getAccessToken() or refresh() first.',
      );
    }
    const value = `Bearer ${this.#accessToken}`;
    if (headers instanceof Headers) headers.set('Authorization', value);
    else headers.Authorization = value;
  }

  /** The token {@link revoke} sends: the refresh token when there is one (it kills the grant). */
  protected revokeToken(): string | null {
    return this.#refreshToken ?? this.#accessToken;
  }

  /**
   * Revoke at `revokeUri` (RFC 7009: a POST with `token=...` in the body, the refresh token
   * preferred). On success, or when the server says the token is already invalid
   * (`invalid_token`), the credential becomes invalid and is deleted from its store; on failure
   * both are kept.
   * @throws {TokenRevokeError} refused or unreachable; `retryable` and `retryAfter` say when to retry.
   * @example
   * await credentials.revoke();
   */
  override async revoke(options: CallOptions = {}): Promise<void> {
    const token = this.revokeToken();
    if (!token) throw new TokenRevokeError('There is no token to revoke.');
    if (!this.revokeUri)
      throw new TokenRevokeError('Cannot revoke: the credential has no revoke_uri. Set revokeUri.');
    await revokeAtServer(this.#simpleConfig(options), this.revokeUri, token);
    this.invalid = true;
    await this.store?.delete();
  }

  /**
   * Whether the credential holds every scope given (a space-separated string or an iterable).
   * @example
   * credentials.hasScopes('email profile');
   */
  hasScopes(scopes: string | Iterable<string>): boolean {
    return stringToScopes(scopes).every((s) => this.scopes.has(s));
  }

  /**
   * Ask `tokenInfoUri` which scopes the access token carries, store them in `scopes` and return
   * them. The token is sent in the request body, never in the URL.
   * @throws {TokenInfoError} the endpoint refused (message: its `error_description`, else
   *   `Invalid response <status>.`); `scopes` is then unchanged.
   * @example
   * const scopes = await credentials.retrieveScopes();
   */
  async retrieveScopes(options: CallOptions = {}): Promise<Set<string>> {
    if (!this.tokenInfoUri) {
      throw new AccessTokenRefreshError(
        'Cannot retrieve scopes: the credential has no token_info_uri.',
      );
    }
    const { accessToken } = await this.getAccessToken(options);
    const scopes = await fetchTokenScopes(
      this.#simpleConfig(options),
      this.tokenInfoUri,
      accessToken,
    );
    this.scopes = new Set(scopes);
    return this.scopes;
  }

  #simpleConfig(options: CallOptions): SimpleRequestConfig {
    return {
      fetch: this.#fetch,
      clock: this.#clock,
      timeoutMs: this.#timeoutMs,
      userAgent: this.userAgent,
      signal: options.signal,
    };
  }

  protected override authorizeTarget(): AuthorizeTarget {
    return {
      apply: (headers) => this.apply(headers),
      userAgent: this.userAgent,
      ensureFresh: async (signal) => {
        if (this.needsRefresh()) await this.refresh({ signal });
      },
      refreshAfterUnauthorized: async (used, signal) => {
        if (used === null || used === `Bearer ${this.#accessToken}`) await this.refresh({ signal });
      },
      markRejected: (used) => {
        this.#rejectedAuthorization = used;
      },
    };
  }

  protected override defaultFetch(): FetchLike | undefined {
    return this.#fetch;
  }

  /** oauth2client 4.1.3 key set and order (spec §1.3). */
  protected override serializedFields(): Record<string, unknown> {
    return {
      access_token: this.#accessToken,
      client_id: this.clientId,
      client_secret: this.#clientSecret,
      refresh_token: this.#refreshToken,
      token_expiry: this.tokenExpiry ? formatExpiry(this.tokenExpiry) : null,
      token_uri: this.tokenUri,
      user_agent: this.userAgent,
      revoke_uri: this.revokeUri,
      id_token: this.#idToken,
      id_token_jwt: this.#idTokenJwt,
      token_response: this.#tokenResponse,
      scopes: [...this.scopes],
      token_info_uri: this.tokenInfoUri,
      invalid: this.invalid,
    };
  }

  protected override redactedView(): Record<string, unknown> {
    const retained = this.retainedKeys().filter((k) => !(k in this.serializedFields()));
    return {
      accessToken: redact(this.#accessToken),
      clientId: this.clientId,
      clientSecret: redact(this.#clientSecret),
      refreshToken: redact(this.#refreshToken),
      tokenExpiry: this.tokenExpiry ? formatExpiry(this.tokenExpiry) : null,
      tokenUri: this.tokenUri,
      userAgent: this.userAgent,
      revokeUri: this.revokeUri,
      idToken: redact(this.#idToken),
      idTokenJwt: redact(this.#idTokenJwt),
      tokenResponse: redact(this.#tokenResponse),
      scopes: [...this.scopes],
      tokenInfoUri: this.tokenInfoUri,
      invalid: this.invalid,
      ...(retained.length > 0 && {
        otherKeys: Object.fromEntries(retained.map((k) => [k, REDACTED])),
      }),
    };
  }
}

/** `expires_in` of a stored token response, as a lifetime in ms (unknown → undefined). */
function lifetimeFrom(tokenResponse: Record<string, unknown> | null): number | undefined {
  const value = tokenResponse?.expires_in;
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? seconds * 1000
    : undefined;
}
