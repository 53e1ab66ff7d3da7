import type { CallOptions, CredentialsRuntimeOptions } from './credentials.js';
import {
  AccessTokenRefreshError,
  HttpAccessTokenRefreshError,
  TokenRevokeError,
} from './errors.js';
import { type Clock, systemClock } from './http/clock.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike } from './http/request.js';
import type { RetryPolicy } from './http/retry.js';
import type { AuthorizeTarget } from './internal/authorized-fetch.js';
import { decodeIdTokenPayloadUnverified } from './internal/id-token.js';
import { toJsonRecord } from './internal/json-record.js';
import { OAuth2Fields } from './internal/oauth2-fields.js';
import { readOAuth2JsonFields } from './internal/oauth2-json.js';
import {
  fetchTokenScopes,
  revokeAtServer,
  type SimpleRequestConfig,
} from './internal/revoke-request.js';
import { SingleFlight } from './internal/single-flight.js';
import { buildRefreshGrantBody, postTokenRequest } from './internal/token-endpoint.js';
import {
  type AccessTokenInfo,
  DEFAULT_EAGER_REFRESH_THRESHOLD_MS,
  DEFAULT_REFRESH_RETRY,
  type OAuth2CredentialsOptions,
} from './oauth2-credentials-options.js';
import { stringToScopes } from './scopes.js';
import type { TokenResponse } from './token-response.js';

/**
 * Credentials holding an OAuth 2.0 access token and (usually) a refresh token. Port of
 * `oauth2client.client.OAuth2Credentials`, JSON-compatible with 1.5.2 and 4.1.3.
 *
 * Refreshes are single-flight (concurrent callers share one request), eager (when less than
 * `min(5 min, lifetime / 2)` remains), retried on 5xx/429/timeouts, and, with a store attached,
 * run under the store's lock after re-reading it, so several processes sharing a store refresh
 * once (spec §2.5).
 *
 * @example
 * const credentials = new OAuth2Credentials({ clientId, clientSecret, refreshToken, tokenUri: GOOGLE_TOKEN_URI });
 * const { accessToken } = await credentials.getAccessToken();
 */
export class OAuth2Credentials extends OAuth2Fields {
  static override readonly jsonClass: string = 'OAuth2Credentials';

  /** An `Authorization` value a server refused while we could not retry: refresh next time. */
  #rejectedAuthorization: string | null = null;

  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #thresholdMs: number;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #random: (() => number) | undefined;
  readonly #flight = new SingleFlight<void>();

  /** Build credentials from one options object (see {@link OAuth2CredentialsOptions}). */
  constructor(options: OAuth2CredentialsOptions = {}) {
    super(options);
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#thresholdMs = options.eagerRefreshThresholdMs ?? DEFAULT_EAGER_REFRESH_THRESHOLD_MS;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = { ...DEFAULT_REFRESH_RETRY, ...options.retry };
    this.#random = options.random;
  }

  /**
   * Rebuild from oauth2client JSON (text or the parsed object); unknown keys are kept for
   * `toJson()`. An unparseable `token_expiry` loads as "no expiry", as in Python.
   * @throws {CredentialsCorruptError} a key has the wrong type.
   * @example
   * const credentials = OAuth2Credentials.fromJson(text, { fetch });
   */
  static fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): OAuth2Credentials {
    const data = toJsonRecord(json);
    const credentials = new OAuth2Credentials({ ...readOAuth2JsonFields(data), ...options });
    credentials.retainJsonKeys(data);
    return credentials;
  }

  /**
   * oauth2client's `access_token_expired`: true when invalid, false without an expiry, else
   * `now >= tokenExpiry` (no buffer: the eager window only decides when we refresh).
   */
  get accessTokenExpired(): boolean {
    if (this.invalid) return true;
    if (!this.tokenExpiry) return false;
    return this.#clock.now() >= this.tokenExpiry.getTime();
  }

  /** The clock this credential reads (subclasses use it for expiry and assertions). */
  protected get clock(): Clock {
    return this.#clock;
  }

  /**
   * Whether to refresh before use: no token, invalid, refused by a server, or less than
   * `min(eagerRefreshThresholdMs, lifetime / 2)` before expiry (adversarial C10).
   */
  protected needsRefresh(): boolean {
    if (!this.accessToken || this.invalid) return true;
    if (this.#rejectedAuthorization === `Bearer ${this.accessToken}`) return true;
    if (!this.tokenExpiry) return false;
    const lifetime = this.lifetimeMs;
    const window =
      lifetime === undefined ? this.#thresholdMs : Math.min(this.#thresholdMs, lifetime / 2);
    return this.#clock.now() >= this.tokenExpiry.getTime() - window;
  }

  /**
   * A valid access token (refreshing first when needed) and its remaining lifetime.
   * @throws {HttpAccessTokenRefreshError} the refresh failed (see {@link refresh}).
   * @example
   * const { accessToken, expiresIn } = await credentials.getAccessToken();
   */
  async getAccessToken(options: CallOptions = {}): Promise<AccessTokenInfo> {
    if (this.needsRefresh()) await this.refresh(options);
    const accessToken = this.accessToken;
    if (!accessToken) throw new AccessTokenRefreshError('The refresh produced no access token.');
    const expiresIn = this.tokenExpiry
      ? Math.max(0, Math.floor((this.tokenExpiry.getTime() - this.#clock.now()) / 1000))
      : null;
    return { accessToken, expiresIn };
  }

  /**
   * Get a new access token now; concurrent calls share one request. With a store attached this
   * runs under the store's lock: a newer valid token found there is adopted without any HTTP
   * request, otherwise the token endpoint is called and the full credential written back.
   *
   * @throws {HttpAccessTokenRefreshError} refused (`code` = the server's `error`; `invalid_grant`
   *   and other 4xx errors also set `invalid` and persist it) or still failing after retries
   *   (`retryable`, `retryAfter`).
   * @throws {TokenResponseError} a 2xx body that is not a usable token response.
   * @throws {TimeoutError} an attempt (10 s) or the whole refresh (30 s) ran out of time.
   * @throws {LockTimeoutError} the store's lock could not be taken.
   * @example
   * await credentials.refresh({ signal: AbortSignal.timeout(5000) });
   */
  override refresh(options: CallOptions = {}): Promise<void> {
    return this.#flight.run((signal) => this.#refreshWithStore(signal), options.signal);
  }

  async #refreshWithStore(signal: AbortSignal): Promise<void> {
    const store = this.store;
    if (!store) return this.#refreshOverHttp(signal);
    await store.acquireLock();
    try {
      const stored = await store.lockedGet();
      if (
        stored instanceof OAuth2Credentials &&
        !stored.invalid &&
        stored.accessToken &&
        stored.accessToken !== this.accessToken &&
        !stored.needsRefresh()
      ) {
        this.assignFields(stored.snapshot());
        this.lifetimeMs = stored.lifetimeMs;
        this.#rejectedAuthorization = null;
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
      const config = {
        url: this.tokenUri,
        userAgent: this.userAgent,
        fetch: this.#fetch,
        clock: this.#clock,
        timeoutMs: this.#timeoutMs,
        retry: this.#retry,
        random: this.#random,
        signal,
        secrets: this.#secrets(),
      };
      response = await postTokenRequest(config, await this.refreshGrantBody());
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

  /** The form body of the refresh grant (spec §2.1); assertion credentials override it. */
  protected async refreshGrantBody(): Promise<string> {
    return buildRefreshGrantBody({
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      refreshToken: this.refreshToken,
    });
  }

  /**
   * Take in a token response: new access token, rotated refresh token (else the old one kept),
   * expiry = local receipt time + `expires_in` (the `Date` header is ignored) or none, ID token
   * decoded without verification (it came straight from the token endpoint over TLS).
   * @throws {VerifyJwtTokenError} the `id_token` is not a well-formed JWT (nothing changes).
   */
  protected applyTokenResponse(response: TokenResponse): void {
    const idToken =
      response.idToken === undefined ? null : decodeIdTokenPayloadUnverified(response.idToken);
    this.accessToken = response.accessToken;
    if (response.refreshToken !== undefined) this.refreshToken = response.refreshToken;
    this.tokenResponse = response.raw;
    this.lifetimeMs = response.expiresIn === undefined ? undefined : response.expiresIn * 1000;
    this.tokenExpiry =
      response.expiresIn === undefined
        ? null
        : new Date(this.#clock.now() + response.expiresIn * 1000);
    this.idToken = idToken;
    this.idTokenJwt = response.idToken ?? null;
    this.invalid = false;
    this.#rejectedAuthorization = null;
  }

  /**
   * Set `Authorization: Bearer <access token>`.
   * @throws {AccessTokenRefreshError} there is no access token: an empty bearer is never sent.
   * @example
   * credentials.apply(headers);
   */
  override apply(headers: Headers | Record<string, string>): void {
    if (!this.accessToken) {
      throw new AccessTokenRefreshError(
        'No access token to send; call getAccessToken() or refresh() first.',
      );
    }
    const value = `Bearer ${this.accessToken}`;
    if (headers instanceof Headers) headers.set('Authorization', value);
    else headers.Authorization = value;
  }

  /** The token {@link revoke} sends: the refresh token when there is one (it ends the grant). */
  protected revokeToken(): string | null {
    return this.refreshToken ?? this.accessToken;
  }

  /**
   * The client authentication {@link revoke} sends in the form body (RFC 7009 §2.1): the same
   * `client_id`/`client_secret` as the refresh grant. Assertion credentials send none.
   */
  protected revokeClient(): { clientId: string | null; clientSecret: string | null } {
    return { clientId: this.clientId, clientSecret: this.clientSecret };
  }

  /**
   * Revoke at `revokeUri` (RFC 7009: POST with a form body of `token` (the refresh token
   * preferred), `token_type_hint`, and the client's `client_id` and `client_secret` when it has
   * them). On success, or when the server says the token is already invalid (`invalid_token`),
   * the credential becomes invalid and is deleted from its store; on failure both are kept.
   * @throws {TokenRevokeError} refused or unreachable; `retryable` and `retryAfter` say when to retry.
   * @example
   * await credentials.revoke();
   */
  override async revoke(options: CallOptions = {}): Promise<void> {
    const token = this.revokeToken();
    if (!token) throw new TokenRevokeError('There is no token to revoke.');
    if (!this.revokeUri)
      throw new TokenRevokeError('Cannot revoke: the credential has no revoke_uri. Set revokeUri.');
    await revokeAtServer(this.#requestConfig(options), this.revokeUri, {
      token,
      tokenTypeHint: token === this.refreshToken ? 'refresh_token' : 'access_token',
      ...this.revokeClient(),
    });
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
   * Ask `tokenInfoUri` which scopes the access token carries; stores them in `scopes` and returns
   * them. The token travels in the request body, never in the URL.
   * @throws {TokenInfoError} refused (message: `error_description`, else `Invalid response <status>.`);
   *   `scopes` is then unchanged.
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
      this.#requestConfig(options),
      this.tokenInfoUri,
      accessToken,
    );
    this.scopes = new Set(scopes);
    return this.scopes;
  }

  /** Our secrets, scrubbed from any server text quoted in an error. */
  #secrets(): (string | null)[] {
    return [this.accessToken, this.refreshToken, this.clientSecret, this.idTokenJwt];
  }

  #requestConfig(options: CallOptions): SimpleRequestConfig {
    const { userAgent } = this;
    return {
      fetch: this.#fetch,
      clock: this.#clock,
      timeoutMs: this.#timeoutMs,
      userAgent,
      signal: options.signal,
      secrets: this.#secrets(),
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
        if (used === null || used === `Bearer ${this.accessToken}`) await this.refresh({ signal });
      },
      markRejected: (used) => {
        this.#rejectedAuthorization = used;
      },
    };
  }

  protected override defaultFetch(): FetchLike | undefined {
    return this.#fetch;
  }
}
