import { Credentials } from './credentials.js';
import { checkCredentialEndpoints } from './internal/endpoint-options.js';
import {
  type OAuth2FieldValues,
  redactOAuth2Fields,
  writeOAuth2JsonFields,
} from './internal/oauth2-json.js';
import type { OAuth2CredentialsOptions } from './oauth2-credentials-options.js';
import { stringToScopes } from './scopes.js';

/**
 * The state half of `OAuth2Credentials`: its serialized fields (secrets in private fields behind
 * accessors, so they never show up as own properties), JSON key set and redacted view. The
 * behaviour (refresh, revoke, authorize) lives in `OAuth2Credentials`.
 */
export abstract class OAuth2Fields extends Credentials {
  clientId: string | null = null;
  /** Expiry of the access token; null = none known. */
  tokenExpiry: Date | null = null;
  /** The token endpoint; required to refresh. */
  tokenUri: string | null = null;
  /** Sent as (or prefixed to) `user-agent`. */
  userAgent: string | null = null;
  /** The revocation endpoint; required to revoke. */
  revokeUri: string | null = null;
  /** Granted scopes (a set, as in Python). */
  scopes: Set<string> = new Set();
  /** The token information endpoint, for `retrieveScopes`. */
  tokenInfoUri: string | null = null;
  /** True after `invalid_grant` or a revoke: the refresh token is no good. */
  invalid = false;

  #accessToken: string | null = null;
  #clientSecret: string | null = null;
  #refreshToken: string | null = null;
  #idToken: Record<string, unknown> | null = null;
  #idTokenJwt: string | null = null;
  #tokenResponse: Record<string, unknown> | null = null;
  #lifetimeMs: number | undefined;

  constructor(options: OAuth2CredentialsOptions) {
    super();
    checkCredentialEndpoints(options);
    this.assignFields({
      accessToken: options.accessToken ?? null,
      clientId: options.clientId ?? null,
      clientSecret: options.clientSecret ?? null,
      refreshToken: options.refreshToken ?? null,
      tokenExpiry: options.tokenExpiry ?? null,
      tokenUri: options.tokenUri ?? null,
      userAgent: options.userAgent ?? null,
      revokeUri: options.revokeUri ?? null,
      idToken: options.idToken ?? null,
      idTokenJwt: options.idTokenJwt ?? null,
      tokenResponse: options.tokenResponse ?? null,
      scopes: new Set(stringToScopes(options.scopes)),
      tokenInfoUri: options.tokenInfoUri ?? null,
      invalid: options.invalid ?? false,
    });
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
  /** The raw ID token JWT (a secret). */
  get idTokenJwt(): string | null {
    return this.#idTokenJwt;
  }
  set idTokenJwt(value: string | null) {
    this.#idTokenJwt = value;
  }
  /** The last token endpoint response, decoded (holds secrets). */
  get tokenResponse(): Record<string, unknown> | null {
    return this.#tokenResponse;
  }
  set tokenResponse(value: Record<string, unknown> | null) {
    this.#tokenResponse = value;
    this.#lifetimeMs = lifetimeFrom(value);
  }

  /** Lifetime of the current token (its `expires_in`), for the eager-refresh window. */
  protected get lifetimeMs(): number | undefined {
    return this.#lifetimeMs;
  }
  protected set lifetimeMs(value: number | undefined) {
    this.#lifetimeMs = value;
  }

  /** Every serialized field, as held now (a copy of the scope set). */
  protected snapshot(): OAuth2FieldValues {
    return {
      accessToken: this.#accessToken,
      clientId: this.clientId,
      clientSecret: this.#clientSecret,
      refreshToken: this.#refreshToken,
      tokenExpiry: this.tokenExpiry,
      tokenUri: this.tokenUri,
      userAgent: this.userAgent,
      revokeUri: this.revokeUri,
      idToken: this.#idToken,
      idTokenJwt: this.#idTokenJwt,
      tokenResponse: this.#tokenResponse,
      scopes: new Set(this.scopes),
      tokenInfoUri: this.tokenInfoUri,
      invalid: this.invalid,
    };
  }

  /** Replace every serialized field (the lifetime follows `tokenResponse`). */
  protected assignFields(f: OAuth2FieldValues): void {
    this.#accessToken = f.accessToken;
    this.clientId = f.clientId;
    this.#clientSecret = f.clientSecret;
    this.#refreshToken = f.refreshToken;
    this.tokenExpiry = f.tokenExpiry;
    this.tokenUri = f.tokenUri;
    this.userAgent = f.userAgent;
    this.revokeUri = f.revokeUri;
    this.#idToken = f.idToken;
    this.#idTokenJwt = f.idTokenJwt;
    this.tokenResponse = f.tokenResponse;
    this.scopes = f.scopes;
    this.tokenInfoUri = f.tokenInfoUri;
    this.invalid = f.invalid;
  }

  /** oauth2client 4.1.3 key set and order (spec §1.3). */
  protected override serializedFields(): Record<string, unknown> {
    return writeOAuth2JsonFields(this.snapshot());
  }

  protected override redactedView(): Record<string, unknown> {
    const own = this.serializedFields();
    return redactOAuth2Fields(
      this.snapshot(),
      this.retainedKeys().filter((k) => !(k in own)),
    );
  }
}

/** `expires_in` of a stored token response as a lifetime in ms (unknown → undefined). */
function lifetimeFrom(tokenResponse: Record<string, unknown> | null): number | undefined {
  const value = tokenResponse?.expires_in;
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? seconds * 1000
    : undefined;
}
