import {
  type AccessTokenInfo,
  type CallOptions,
  type CredentialsRuntimeOptions,
  type FetchLike,
  scopesToString,
  type TokenResponse,
} from '@oauth2/core';
import { keyIdOption } from './internal/credential-helpers.js';
import { makeSignedJwt } from './make-signed-jwt.js';
import {
  ASSERTION_LIFETIME_SEC,
  ServiceAccountCredentials,
} from './service-account-credentials.js';

/** A per-audience token is re-signed when less than this remains (5 minutes). */
const RESIGN_BEFORE_MS = 5 * 60 * 1000;
/** Per-audience tokens kept at most (least recently used dropped first). */
const MAX_AUDIENCES = 64;

/** Options of {@link JwtAccessCredentials.getAccessToken}. */
export interface JwtAccessTokenOptions extends CallOptions {
  /** Claims for a one-time token (e.g. `{ aud }`), not cached. */
  additionalClaims?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Service-account credentials that skip the token endpoint: the bearer token is a JWT the
 * service account signs itself (`iss` = `sub` = the account, `iat`, `exp = iat + 3600`, extra
 * claims, header `kid`), with the request URL without its query as `aud` unless an `aud` claim was
 * configured. Tokens are cached per audience until 5 minutes before expiry. What oauth2client 4.x
 * ADC returns for service-account files (`_JWTAccessCredentials`).
 *
 * @example
 * const credentials = JwtAccessCredentials.fromPem(email, pem, { privateKeyId });
 * const res = await credentials.authorize()('https://pubsub.googleapis.com/v1/projects/p/topics');
 *
 * Built with the same options as {@link ServiceAccountCredentials}; scopes are not used.
 */
export class JwtAccessCredentials extends ServiceAccountCredentials {
  static override readonly jsonClass: string = '_JWTAccessCredentials';

  readonly #byAudience = new Map<string, { token: string; expiresAt: number }>();

  /**
   * Rebuild from oauth2client 4.x `_JWTAccessCredentials` JSON.
   * @throws {ServiceAccountKeyError} a required key is missing or of the wrong type.
   * @example
   * const credentials = JwtAccessCredentials.fromJson(text);
   */
  static override fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): JwtAccessCredentials {
    // biome-ignore lint/complexity/noThisInStatic: the inherited factory builds this subclass
    return super.fromJson(json, options) as JwtAccessCredentials;
  }

  /** Always true: scoped access needs {@link createScoped}, which returns a token-endpoint credential. */
  override createScopedRequired(): boolean {
    return true;
  }

  /**
   * An OAuth {@link ServiceAccountCredentials} for `scopes` with the same key.
   * @example
   * const oauth = jwtAccess.createScoped('https://www.googleapis.com/auth/cloud-platform');
   */
  override createScoped(scopes: string | Iterable<string>): ServiceAccountCredentials {
    return new ServiceAccountCredentials(this.cloneOptions({ scopes: scopesToString(scopes) }));
  }

  /**
   * The refresh hook: sign a new self-issued token (no network). `refresh()` (core's: single
   * flight, stopped once every waiter aborted) calls it and uses the token as the access token; `token_response` stays as it was (oauth2client's
   * `_JWTAccessCredentials` never had one).
   */
  protected override async fetchToken(signal: AbortSignal): Promise<TokenResponse> {
    const { token } = await this.#sign({});
    signal.throwIfAborted(); // every waiter gave up: the token is not applied
    return { accessToken: token, expiresIn: ASSERTION_LIFETIME_SEC, raw: {} };
  }

  protected override applyTokenResponse(response: TokenResponse): void {
    const kept = this.tokenResponse;
    super.applyTokenResponse(response);
    this.tokenResponse = kept;
  }

  /**
   * The cached self-signed token (re-signed near expiry), or with `additionalClaims` a one-time
   * token carrying them.
   * @example
   * const { accessToken } = await credentials.getAccessToken({ additionalClaims: { aud } });
   */
  override async getAccessToken(options: JwtAccessTokenOptions = {}): Promise<AccessTokenInfo> {
    if (options.additionalClaims === undefined) return super.getAccessToken(options);
    const { token } = await this.#sign(options.additionalClaims);
    return { accessToken: token, expiresIn: ASSERTION_LIFETIME_SEC };
  }

  /** Nothing to revoke: the tokens are self-signed. */
  override async revoke(_options: CallOptions = {}): Promise<void> {}

  /**
   * A fetch that sends a self-signed bearer token whose `aud` is the request URL without its
   * query (or the configured `aud` claim, with 401-refresh as for other credentials).
   * @example
   * const authed = credentials.authorize();
   * await authed('https://pubsub.googleapis.com/v1/projects/p/topics?pageSize=5');
   */
  override authorize(fetch?: FetchLike): FetchLike {
    if ('aud' in this.additionalClaims) return super.authorize(fetch);
    const send = fetch ?? this.defaultFetch() ?? globalThis.fetch;
    return async (input, init = {}) => {
      const template = input instanceof Request ? input : undefined;
      const url = template ? template.url : String(input);
      const audience = url.split('#', 1)[0]?.split('?', 1)[0] ?? url;
      const headers = new Headers(init.headers ?? template?.headers);
      headers.set('authorization', `Bearer ${await this.#tokenFor(audience)}`);
      if (this.userAgent) {
        const caller = headers.get('user-agent');
        headers.set('user-agent', caller ? `${this.userAgent} ${caller}` : this.userAgent);
      }
      return send(template ? template.clone() : input, { ...init, headers });
    };
  }

  async #tokenFor(audience: string): Promise<string> {
    const cached = this.#byAudience.get(audience);
    if (cached && this.clock.now() < cached.expiresAt - RESIGN_BEFORE_MS) {
      this.#byAudience.delete(audience); // refresh its LRU position
      this.#byAudience.set(audience, cached);
      return cached.token;
    }
    const signed = await this.#sign({ aud: audience });
    this.#byAudience.delete(audience);
    this.#byAudience.set(audience, signed);
    if (this.#byAudience.size > MAX_AUDIENCES) {
      const oldest = this.#byAudience.keys().next().value;
      if (oldest !== undefined) this.#byAudience.delete(oldest);
    }
    return signed.token;
  }

  async #sign(
    extra: Readonly<Record<string, unknown>>,
  ): Promise<{ token: string; expiresAt: number }> {
    const iat = this.nowSec();
    const payload = {
      iat,
      exp: iat + ASSERTION_LIFETIME_SEC,
      iss: this.serviceAccountEmail,
      sub: this.serviceAccountEmail,
      ...this.additionalClaims,
      ...extra,
    };
    const token = await makeSignedJwt(this.signer, payload, keyIdOption(this.privateKeyId));
    return { token, expiresAt: (iat + ASSERTION_LIFETIME_SEC) * 1000 };
  }
}
