// The public option and handle types of `startOidcProvider` (re-exported by `oidc-provider.ts`).

/**
 * A client registered with the provider, in OpenID Connect Dynamic Client Registration metadata
 * (wire names). Common shapes:
 * - confidential web client: `{ client_id, client_secret, redirect_uris, token_endpoint_auth_method: 'client_secret_post' }`
 * - public native client: `{ client_id, redirect_uris, token_endpoint_auth_method: 'none' }`
 * - device client: `{ client_id, grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], response_types: [], token_endpoint_auth_method: 'none' }`
 * - private_key_jwt client: `{ client_id, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] } }`
 *
 * Defaults added when absent: `grant_types: ['authorization_code', 'refresh_token']`,
 * `response_types: ['code']` (or `[]` when `authorization_code` is not a grant type).
 */
export interface OidcClientMetadata {
  client_id: string;
  client_secret?: string;
  redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  token_endpoint_auth_method?: string;
  [metadata: string]: unknown;
}

/** What the test-only interaction handler knows about a pending login. */
export interface InteractionSummary {
  /** `login` or `consent`. */
  prompt: string;
  clientId: string;
  /** The requested scope string. */
  scope: string;
  /** Every authorization request parameter as received. */
  params: Record<string, unknown>;
}

/**
 * How the test-only interaction handler answers: log in as `accountId` (granting every requested
 * scope but `rejectScopes`, as granular consent does), or refuse.
 */
export type InteractionDecision =
  | { accountId: string; rejectScopes?: string[] }
  | { error: 'access_denied' | (string & {}); errorDescription?: string };

/** Options of {@link startOidcProvider}. */
export interface StartOidcProviderOptions {
  /** The registered clients. */
  clients: OidcClientMetadata[];
  /** The end user every approved login signs in as (default `test-user`). */
  accountId?: string;
  /** Extra claims of that user (`email`, `name`...) returned in ID tokens for the matching scopes. */
  claims?: Record<string, unknown>;
  /** Non-OpenID scopes the provider accepts besides `openid`, `offline_access`, `email`, `profile`. */
  scopes?: string[];
  /**
   * Decide each interactive login (default: approve as `accountId`). Return `{ error }` to
   * send the user back with that error (e.g. `access_denied`).
   */
  decide?: (interaction: InteractionSummary) => InteractionDecision | Promise<InteractionDecision>;
  /** PKCE required for every authorization-code request (default true). */
  pkceRequired?: boolean;
  /** Rotate refresh tokens on every use (default: oidc-provider's policy, which rotates for public clients). */
  rotateRefreshTokens?: boolean;
  /**
   * Token lifetimes in seconds by model name, merged over the defaults: `AccessToken` 3600,
   * `AuthorizationCode` 60, `DeviceCode` 600, `IdToken` 3600, `RefreshToken` 14 days,
   * `ClientCredentials` 600, `Interaction` 600, `Grant` and `Session` 14 days.
   */
  ttl?: Record<string, number>;
  /**
   * Accept revocation requests that carry only the token (no client authentication), as
   * Google's revoke endpoint does: the token's own client is filled in before oidc-provider,
   * which otherwise requires client authentication (RFC 7009 §2.1), handles the request.
   * Unknown tokens get RFC 7009's 200. Default false.
   */
  tokenOnlyRevocation?: boolean;
  /** Signing keys (a private JWK set). Default: the upstream RSA test key (`testKeys`), kid `test-key`. */
  jwks?: { keys: Record<string, unknown>[] };
  /** Raw oidc-provider configuration merged over everything above (escape hatch). */
  configuration?: Record<string, unknown>;
}

/** One request the provider received (no bodies: they hold secrets). */
export interface OidcRequestRecord {
  method: string;
  path: string;
  status: number;
}

/** A running provider. */
export interface OidcProviderHandle {
  /** `http://127.0.0.1:<port>`; also the base of every endpoint. */
  readonly issuer: string;
  /** The endpoints, for configuring clients under test. */
  readonly endpoints: {
    authorization: string;
    token: string;
    revocation: string;
    deviceAuthorization: string;
    introspection: string;
    userinfo: string;
    jwks: string;
    discovery: string;
  };
  /** Method, path and status of every request, in order. */
  readonly requests: readonly OidcRequestRecord[];
  /** The underlying `oidc-provider` instance, for anything not wrapped here. */
  readonly provider: unknown;
  /**
   * Play the user agent: follow `authorizeUrl` through the provider's redirects (cookies kept by
   * hand, `redirect: 'manual'`), letting the test-only interaction handler log in and consent,
   * and return the URL the provider finally redirects to (the client's `redirect_uri` with
   * `code` and `state`, or `error`). Each call is a fresh browser (no session reuse).
   * @throws {Error} the provider answered with a page instead of a redirect (e.g. a bad
   *   `redirect_uri`), or more than 10 redirects.
   */
  completeAuthorization(authorizeUrl: string): Promise<URL>;
  /** Approve a device flow user code (as the user would at the verification URL). */
  approveDeviceCode(userCode: string, options?: { accountId?: string }): Promise<void>;
  /** Deny a device flow user code: polling then ends with `access_denied`. */
  denyDeviceCode(userCode: string): Promise<void>;
  /** Stop the server (open sockets are destroyed). */
  close(): Promise<void>;
}
