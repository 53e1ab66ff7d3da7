import { Credentials } from './credentials.js';
import { checkCredentialEndpoints } from './internal/endpoint-options.js';
import {
  type OAuth2FieldValues,
  redactOAuth2Fields,
  writeOAuth2JsonFields,
} from './internal/oauth2-json.js';
import type { OAuth2CredentialsOptions } from './oauth2-credentials-options.js';
import { stringToScopes } from './scopes.js';

/** Fields holding secrets: in one private record behind prototype accessors, never own properties. */
const SECRET_FIELDS = [
  'accessToken',
  'clientSecret',
  'refreshToken',
  'idToken',
  'idTokenJwt',
] as const;
type SecretField = (typeof SECRET_FIELDS)[number];

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

  /** The access token (a secret). */
  declare accessToken: string | null;
  /** The client secret (a secret). */
  declare clientSecret: string | null;
  /** The refresh token (a secret). */
  declare refreshToken: string | null;
  /** The decoded (unverified) ID token payload. */
  declare idToken: Record<string, unknown> | null;
  /** The raw ID token JWT (a secret). */
  declare idTokenJwt: string | null;

  #secrets: Pick<OAuth2FieldValues, SecretField> = {
    accessToken: null,
    clientSecret: null,
    refreshToken: null,
    idToken: null,
    idTokenJwt: null,
  };
  #tokenResponse: Record<string, unknown> | null = null;
  #lifetimeMs: number | undefined;

  static {
    // One accessor pair per secret field, on the prototype: never an own property.
    for (const field of SECRET_FIELDS) {
      Object.defineProperty(OAuth2Fields.prototype, field, {
        get(this: OAuth2Fields) {
          return this.#secrets[field];
        },
        set(this: OAuth2Fields, value: unknown) {
          Object.assign(this.#secrets, { [field]: value });
        },
        configurable: true,
      });
    }
  }

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
      ...this.#secrets,
      clientId: this.clientId,
      tokenExpiry: this.tokenExpiry,
      tokenUri: this.tokenUri,
      userAgent: this.userAgent,
      revokeUri: this.revokeUri,
      tokenResponse: this.#tokenResponse,
      scopes: new Set(this.scopes),
      tokenInfoUri: this.tokenInfoUri,
      invalid: this.invalid,
    };
  }

  /** Replace every serialized field (the accessors keep the secrets private; the lifetime follows `tokenResponse`). */
  protected assignFields(fields: OAuth2FieldValues): void {
    Object.assign(this, fields);
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
