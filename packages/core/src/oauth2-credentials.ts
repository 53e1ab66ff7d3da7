import type {
  CallOptions,
  Credentials,
  CredentialsRuntimeOptions,
  SetStoreOptions,
} from './credentials.js';
import { AccessTokenRefreshError, MissingRefreshTokenError } from './errors.js';
import type { AuthorizeTarget } from './internal/authorized-fetch.js';
import { decodeIdTokenPayloadUnverified } from './internal/id-token.js';
import { toJsonRecord } from './internal/json-record.js';
import { type OAuth2JsonFields, readOAuth2JsonFields } from './internal/oauth2-json.js';
import { type RefreshHost, StoreRefresh, type TokenState } from './internal/store-refresh.js';
import { buildRefreshGrantBody } from './internal/token-endpoint.js';
import { boundedLifetime } from './internal/token-lifetime.js';
import {
  type AccessTokenInfo,
  DEFAULT_EAGER_REFRESH_THRESHOLD_MS,
  type OAuth2CredentialsOptions,
} from './oauth2-credentials-options.js';
import { OAuth2EndpointClient } from './oauth2-endpoint-client.js';
import { stringToScopes } from './scopes.js';
import type { Storage } from './storage.js';
import type { TokenResponse } from './wire/token-response.js';

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
export class OAuth2Credentials extends OAuth2EndpointClient {
  static override readonly jsonClass: string = 'OAuth2Credentials';

  /** An `Authorization` value a server refused while we could not retry: refresh next time. */
  #rejectedAuthorization: string | null = null;

  readonly #thresholdMs: number;
  readonly #refresher: StoreRefresh;

  /** Build credentials from one options object (see {@link OAuth2CredentialsOptions}). */
  constructor(options: OAuth2CredentialsOptions = {}) {
    super(options);
    this.#thresholdMs = options.eagerRefreshThresholdMs ?? DEFAULT_EAGER_REFRESH_THRESHOLD_MS;
    this.#refresher = new StoreRefresh(this.#refreshHost(options.onStoreError));
  }

  #refreshHost(onStoreError: ((error: unknown) => void) | undefined): RefreshHost {
    const stateOf = (c: Credentials): TokenState | undefined =>
      c instanceof OAuth2Credentials
        ? { accessToken: c.accessToken, refreshToken: c.refreshToken, invalid: c.invalid }
        : undefined;
    return {
      credentials: this,
      store: () => this.store,
      state: () => stateOf(this) as TokenState,
      stateOf,
      adopt: (stored) => {
        if (!(stored instanceof OAuth2Credentials)) return;
        this.assignFields(stored.snapshot());
        this.lifetimeMs = stored.lifetimeMs;
        this.#rejectedAuthorization = null;
      },
      needsRefresh: () => this.needsRefresh(),
      fetchToken: (signal) => this.fetchToken(signal),
      applyResponse: (response) => this.applyTokenResponse(response),
      markInvalid: () => {
        this.invalid = true;
      },
      onStoreError,
    };
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
    return OAuth2Credentials.loadJson(json, (f) => new OAuth2Credentials({ ...f, ...options }));
  }

  /**
   * The loader behind every `fromJson` of this hierarchy: read the oauth2client fields, let
   * `make` build the instance, keep the JSON's unknown keys for `toJson()`.
   * @throws {CredentialsCorruptError} not a JSON object, or a key has the wrong type.
   */
  protected static loadJson<T extends OAuth2Credentials>(
    json: string | Record<string, unknown>,
    make: (fields: OAuth2JsonFields) => T,
  ): T {
    const data = toJsonRecord(json);
    const credentials = make(readOAuth2JsonFields(data));
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
    return this.clock.now() >= this.tokenExpiry.getTime();
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
    return this.clock.now() >= this.tokenExpiry.getTime() - window;
  }

  /**
   * A valid access token (refreshing first when needed) and its remaining lifetime.
   * @throws {HttpAccessTokenRefreshError} the refresh failed (see {@link refresh}).
   * @example
   * const { accessToken, expiresIn } = await credentials.getAccessToken();
   */
  async getAccessToken(options: CallOptions = {}): Promise<AccessTokenInfo> {
    await this.#ensureFresh(options.signal);
    const accessToken = this.accessToken;
    if (!accessToken) throw new AccessTokenRefreshError('The refresh produced no access token.');
    const expiresIn = this.tokenExpiry
      ? Math.max(0, Math.floor((this.tokenExpiry.getTime() - this.clock.now()) / 1000))
      : null;
    return { accessToken, expiresIn };
  }

  /**
   * Get a new access token now; concurrent calls share one request. With a store attached this
   * runs under the store's lock after re-reading it: a stored credential with other tokens is
   * adopted (and only refreshed if its access token is stale too), so the request always carries
   * the newest refresh token the store holds; the result is written back (see `StoreRefresh`).
   *
   * @throws {MissingRefreshTokenError} there is no refresh token; nothing was sent.
   * @throws {CredentialsRevokedError} the credential was revoked with {@link revoke}.
   * @throws {HttpAccessTokenRefreshError} refused (`code` = the server's `error`; `invalid_grant`
   *   and other 4xx errors also set `invalid` and persist it, unless the store holds a refresh
   *   token rotated meanwhile, which is adopted instead) or still failing after retries
   *   (`retryable`, `retryAfter`).
   * @throws {TokenResponseError} a 2xx body that is not a usable token response.
   * @throws {TimeoutError} an attempt (10 s) or the whole refresh (30 s) ran out of time.
   * @throws {LockTimeoutError} the store's lock could not be taken.
   * @example
   * await credentials.refresh({ signal: AbortSignal.timeout(5000) });
   */
  override refresh(options: CallOptions = {}): Promise<void> {
    return this.#refresher.run(options.signal, true);
  }

  /**
   * Attach a storage (see {@link Credentials.setStore}); `loaded` says the credential was just
   * read from it, so that its later disappearance reads as a deletion (never undone by a refresh).
   */
  override setStore(store: Storage<Credentials> | undefined, options: SetStoreOptions = {}): void {
    super.setStore(store, options);
    this.#refresher.attached(options.loaded ?? false);
  }

  /**
   * The one refresh hook: obtain a token response. Subclasses implement it (assertion grant,
   * metadata server, devshell, self-signed JWT); single-flight, eager refresh, the store, retries
   * and abort are handled around it, once, here. The default sends the refresh-token grant.
   *
   * @throws {MissingRefreshTokenError} no refresh token (checked before any request).
   */
  protected async fetchToken(signal: AbortSignal): Promise<TokenResponse> {
    if (!this.refreshToken) {
      throw new MissingRefreshTokenError(
        'Cannot refresh: the credential has no refresh token. Sign in again (or store a ' +
          'credential that has one).',
      );
    }
    return this.postTokenGrant(
      buildRefreshGrantBody({
        clientId: this.clientId,
        clientSecret: this.clientSecret,
        refreshToken: this.refreshToken,
      }),
      signal,
    );
  }

  /** Refresh when needed, or retry a store write that failed, under the store's lock. */
  async #ensureFresh(signal: AbortSignal | undefined): Promise<void> {
    if (this.needsRefresh() || this.#refresher.pendingWrite)
      await this.#refresher.run(signal, false);
  }

  /**
   * Take in a token response: new access token, rotated refresh token (else the old one kept),
   * expiry = local receipt time + `expires_in` (the `Date` header is ignored) or none, ID token
   * decoded without verification (it came straight from the token endpoint over TLS), and the
   * granted scopes replaced by the response's `scope` when it has one.
   * @throws {VerifyJwtTokenError} the `id_token` is not a well-formed JWT (nothing changes).
   * @throws {TokenResponseError} `expires_in` outside [1, 2^31 - 1] s (nothing changes).
   */
  protected applyTokenResponse(tokens: TokenResponse): void {
    const response = boundedLifetime(tokens);
    const idToken =
      response.idToken === undefined ? null : decodeIdTokenPayloadUnverified(response.idToken);
    this.accessToken = response.accessToken;
    if (response.refreshToken !== undefined) this.refreshToken = response.refreshToken;
    this.tokenResponse = response.raw;
    this.lifetimeMs = response.expiresIn === undefined ? undefined : response.expiresIn * 1000;
    this.tokenExpiry =
      response.expiresIn === undefined
        ? null
        : new Date(this.clock.now() + response.expiresIn * 1000);
    this.idToken = idToken;
    this.idTokenJwt = response.idToken ?? null;
    if (response.scope !== undefined) this.scopes = new Set(stringToScopes(response.scope));
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

  /**
   * Revoke at `revokeUri` (RFC 7009: POST with a form body of `token` (the refresh token
   * preferred), `token_type_hint`, and the client's `client_id` and `client_secret` when it has
   * them). A refresh in flight is waited for first, and with a store the newest stored token is
   * the one revoked. On success, or when the server says the token is already invalid
   * (`invalid_token`), the credential becomes invalid for good (a later refresh throws
   * `CredentialsRevokedError` without a request) and is deleted from its store; on failure both
   * are kept.
   * @throws {TokenRevokeError} refused or unreachable; `retryable` and `retryAfter` say when to retry.
   * @example
   * await credentials.revoke();
   */
  override async revoke(options: CallOptions = {}): Promise<void> {
    await this.#refresher.revoke(async () => {
      await this.sendRevoke(options);
      this.invalid = true;
    });
  }

  protected override authorizeTarget(): AuthorizeTarget {
    return {
      apply: (headers) => this.apply(headers),
      userAgent: this.userAgent,
      ensureFresh: (signal) => this.#ensureFresh(signal),
      refreshAfterUnauthorized: async (used, signal) => {
        if (used === null || used === `Bearer ${this.accessToken}`) await this.refresh({ signal });
      },
      markRejected: (used) => {
        this.#rejectedAuthorization = used;
      },
    };
  }
}
