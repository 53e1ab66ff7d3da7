import type { CallOptions } from './credentials.js';
import { AccessTokenRefreshError, TokenRevokeError } from './errors.js';
import { type Clock, systemClock } from './http/clock.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike } from './http/request.js';
import type { RetryPolicy } from './http/retry.js';
import {
  fetchTokenScopes,
  revokeAtServer,
  type SimpleRequestConfig,
} from './internal/revoke-request.js';
import { postTokenRequest } from './internal/token-endpoint.js';
import {
  type AccessTokenInfo,
  DEFAULT_REFRESH_RETRY,
  type OAuth2CredentialsOptions,
} from './oauth2-credentials-options.js';
import { OAuth2Fields } from './oauth2-fields.js';
import { stringToScopes } from './scopes.js';
import type { TokenResponse } from './wire/token-response.js';

/**
 * The endpoint half of `OAuth2Credentials`: how it talks to the token, revocation and token
 * information endpoints (transport, clock, timeouts, retries, secrets scrubbed from errors).
 * The refresh machinery (single flight, the store, the refresh hook) lives in
 * `OAuth2Credentials`; the serialized state in `OAuth2Fields`.
 */
export abstract class OAuth2EndpointClient extends OAuth2Fields {
  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #random: (() => number) | undefined;

  constructor(options: OAuth2CredentialsOptions) {
    super(options);
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = { ...DEFAULT_REFRESH_RETRY, ...options.retry };
    this.#random = options.random;
  }

  /** A valid access token (see `OAuth2Credentials.getAccessToken`). */
  abstract getAccessToken(options?: CallOptions): Promise<AccessTokenInfo>;

  /** The clock this credential reads (subclasses use it for expiry and assertions). */
  protected get clock(): Clock {
    return this.#clock;
  }

  /**
   * POST a grant body to `tokenUri` with the credential's transport, timeouts and retries.
   * @throws {AccessTokenRefreshError} there is no `tokenUri`.
   */
  protected postTokenGrant(body: string, signal: AbortSignal): Promise<TokenResponse> {
    if (!this.tokenUri) {
      throw new AccessTokenRefreshError(
        'Cannot refresh: the credential has no token_uri. Set tokenUri.',
      );
    }
    return postTokenRequest(
      {
        url: this.tokenUri,
        userAgent: this.userAgent,
        fetch: this.#fetch,
        clock: this.#clock,
        timeoutMs: this.#timeoutMs,
        retry: this.#retry,
        random: this.#random,
        signal,
        secrets: this.#secrets(),
      },
      body,
    );
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
   * Send the RFC 7009 revocation of {@link revokeToken} to `revokeUri`.
   * @throws {TokenRevokeError} no token or no `revokeUri`, refused or unreachable.
   */
  protected async sendRevoke(options: CallOptions): Promise<void> {
    const token = this.revokeToken();
    if (!token) throw new TokenRevokeError('There is no token to revoke.');
    if (!this.revokeUri)
      throw new TokenRevokeError('Cannot revoke: the credential has no revoke_uri. Set revokeUri.');
    await revokeAtServer(this.#requestConfig(options), this.revokeUri, {
      token,
      tokenTypeHint: token === this.refreshToken ? 'refresh_token' : 'access_token',
      ...this.revokeClient(),
    });
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

  protected override defaultFetch(): FetchLike | undefined {
    return this.#fetch;
  }
}
