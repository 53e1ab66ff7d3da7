// long-file: one real oidc-provider set-up (config, interactions, grants); split planned in issue 11
import { createPrivateKey, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { testKeys } from './fixtures.js';

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

/** The subset of oidc-provider's API used here (it ships no TypeScript types). */
interface ProviderLike {
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  callback(): (req: unknown, res: unknown) => void;
  interactionDetails(req: unknown, res: unknown): Promise<InteractionDetails>;
  interactionResult(req: unknown, res: unknown, result: object, opts?: object): Promise<string>;
  Grant: new (fields: { accountId: string; clientId: string }) => GrantLike;
  AccessToken: { find(token: string): Promise<{ clientId: string } | undefined> };
  RefreshToken: { find(token: string): Promise<{ clientId: string } | undefined> };
  DeviceCode: { findByUserCode(code: string): Promise<DeviceCodeLike | undefined> };
}
interface KoaContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  req: IncomingMessage & { body?: string };
  res: unknown;
  redirect(url: string): void;
}
interface InteractionDetails {
  prompt: { name: string };
  params: Record<string, unknown>;
  grantId?: string;
}
interface OwnedBy {
  clientId: string;
  clientAuthMethod?: string;
}
interface GrantLike {
  addOIDCScope(scope: string): void;
  rejectOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface DeviceCodeLike {
  clientId: string;
  params: Record<string, unknown>;
  save(): Promise<unknown>;
  [field: string]: unknown;
}

const BASE_SCOPES = ['openid', 'offline_access', 'email', 'profile'];
const DAY = 24 * 3600;
const DEFAULT_TTL: Record<string, number> = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  ClientCredentials: 600,
  DeviceCode: 600,
  Grant: 14 * DAY,
  IdToken: 3600,
  Interaction: 600,
  RefreshToken: 14 * DAY,
  Session: 14 * DAY,
};

/**
 * Start a real OAuth 2.0 / OpenID Connect authorization server (`oidc-provider` 9) on
 * 127.0.0.1 with an OS-assigned port, configured for end-to-end tests of the @oauth2 packages:
 * authorization code with PKCE (required by default), refresh tokens for every client allowed
 * the `refresh_token` grant (no `offline_access`/consent dance), revocation, introspection,
 * client credentials, the device flow (RFC 8628) and `private_key_jwt` client authentication;
 * and a test-only interaction handler that finishes logins without forms (decided by
 * `options.decide`). oidc-provider prints an "unsupported runtime" warning on Node 20: expected.
 *
 * @example
 * const op = await startOidcProvider({
 *   clients: [{ client_id: 'web', client_secret: 's', redirect_uris: ['http://127.0.0.1/cb'],
 *     token_endpoint_auth_method: 'client_secret_post' }],
 * });
 * const callback = await op.completeAuthorization(authorizeUrl); // ...?code=...&state=...
 * await op.close();
 */
export async function startOidcProvider(
  options: StartOidcProviderOptions,
): Promise<OidcProviderHandle> {
  // A computed specifier: oidc-provider has no types, and loading it lazily keeps the test kit light.
  const specifier = 'oidc-provider';
  const { default: Provider } = (await import(specifier)) as {
    default: new (issuer: string, configuration: object) => ProviderLike;
  };
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accountId = options.accountId ?? 'test-user';
  const provider = new Provider(issuer, configurationFor(options, accountId));
  const requests: OidcRequestRecord[] = [];

  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) {
      await finishInteraction(provider, ctx, options, accountId);
    } else if (
      options.tokenOnlyRevocation &&
      ctx.method === 'POST' &&
      ctx.path === '/token/revocation'
    ) {
      if (await addRevocationClient(provider, ctx, options.clients)) await next();
    } else {
      await next();
    }
    requests.push({ method: ctx.method, path: ctx.path, status: ctx.status });
  });
  server.on('request', provider.callback());

  const deviceCode = async (userCode: string): Promise<DeviceCodeLike> => {
    const normalized = userCode.toUpperCase().replace(/\W/g, '');
    const code = await provider.DeviceCode.findByUserCode(normalized);
    if (!code) throw new Error('No pending device code has this user code.');
    return code;
  };

  return {
    issuer,
    endpoints: {
      authorization: `${issuer}/auth`,
      token: `${issuer}/token`,
      revocation: `${issuer}/token/revocation`,
      deviceAuthorization: `${issuer}/device/auth`,
      introspection: `${issuer}/token/introspection`,
      userinfo: `${issuer}/me`,
      jwks: `${issuer}/jwks`,
      discovery: `${issuer}/.well-known/openid-configuration`,
    },
    requests,
    provider,
    completeAuthorization: (url) => followAuthorization(issuer, url),
    async approveDeviceCode(userCode, approval = {}) {
      const code = await deviceCode(userCode);
      const who = approval.accountId ?? accountId;
      const scope = String(code.params.scope ?? '');
      const grant = new provider.Grant({ accountId: who, clientId: code.clientId });
      grant.addOIDCScope(scope);
      const grantId = await grant.save();
      Object.assign(code, {
        accountId: who,
        grantId,
        scope,
        authTime: Math.floor(Date.now() / 1000),
      });
      await code.save();
    },
    async denyDeviceCode(userCode) {
      const code = await deviceCode(userCode);
      Object.assign(code, {
        error: 'access_denied',
        errorDescription: 'End-User aborted interaction',
      });
      await code.save();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
    },
  };
}

function configurationFor(options: StartOidcProviderOptions, accountId: string): object {
  const claims = { sub: accountId, ...options.claims };
  const signingKey = {
    ...createPrivateKey(testKeys.privateKeyPem).export({ format: 'jwk' }),
    kid: 'test-key',
    use: 'sig',
    alg: 'RS256',
  };
  return {
    clients: options.clients.map(withClientDefaults),
    jwks: options.jwks ?? { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...BASE_SCOPES, ...(options.scopes ?? [])],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'picture', 'locale'],
    },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => (sub === accountId ? claims : { sub }),
    }),
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      // Only the token's own client may revoke it; a public client only introspects its own.
      revocation: {
        enabled: true,
        allowedPolicy: (_c: unknown, client: OwnedBy, token: OwnedBy) =>
          token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        allowedPolicy: (_c: unknown, client: OwnedBy, token: OwnedBy) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      clientCredentials: { enabled: true },
    },
    pkce: { required: () => options.pkceRequired ?? true },
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    ...(options.rotateRefreshTokens !== undefined && {
      rotateRefreshToken: () => options.rotateRefreshTokens,
    }),
    ttl: { ...DEFAULT_TTL, ...options.ttl },
    conformIdTokenClaims: false,
    ...options.configuration,
  };
}

function withClientDefaults(client: OidcClientMetadata): OidcClientMetadata {
  const grantTypes = client.grant_types ?? ['authorization_code', 'refresh_token'];
  return {
    ...client,
    grant_types: grantTypes,
    response_types:
      client.response_types ?? (grantTypes.includes('authorization_code') ? ['code'] : []),
    redirect_uris: client.redirect_uris ?? [],
  };
}

/** The test-only interaction endpoint: log in and consent to everything requested, or refuse. */
async function finishInteraction(
  provider: ProviderLike,
  ctx: KoaContext,
  options: StartOidcProviderOptions,
  defaultAccount: string,
): Promise<void> {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const scope = String(details.params.scope ?? '');
  const clientId = String(details.params.client_id);
  const decision = (await options.decide?.({
    prompt: details.prompt.name,
    clientId,
    scope,
    params: details.params,
  })) ?? {
    accountId: defaultAccount,
  };
  let result: object;
  if ('error' in decision) {
    result = {
      error: decision.error,
      error_description: decision.errorDescription ?? 'denied by the test',
    };
  } else {
    const grant = new provider.Grant({ accountId: decision.accountId, clientId });
    // Granular consent: the rejected scopes are left out of the grant (and not asked again).
    const rejected = new Set(decision.rejectScopes ?? []);
    grant.addOIDCScope(
      scope
        .split(' ')
        .filter((s) => !rejected.has(s))
        .join(' '),
    );
    if (rejected.size > 0) grant.rejectOIDCScope([...rejected].join(' '));
    result = { login: { accountId: decision.accountId }, consent: { grantId: await grant.save() } };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

/**
 * `tokenOnlyRevocation`: read the form, and when it has no client authentication, add the
 * credentials of the client that owns the token (body or Basic header, per its auth method).
 * Returns false when the request was answered here (unknown token: 200, RFC 7009 §2.2).
 */
async function addRevocationClient(
  provider: ProviderLike,
  ctx: KoaContext,
  clients: OidcClientMetadata[],
): Promise<boolean> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const token = form.get('token') ?? '';
  const authenticated =
    form.has('client_id') || form.has('client_assertion') || ctx.req.headers.authorization;
  if (!authenticated) {
    const owner =
      (await provider.AccessToken.find(token)) ?? (await provider.RefreshToken.find(token));
    const client = clients.find((c) => c.client_id === owner?.clientId);
    if (!client) {
      ctx.status = 200;
      ctx.body = '';
      return false;
    }
    if (
      client.token_endpoint_auth_method === 'client_secret_basic' ||
      client.token_endpoint_auth_method === undefined
    ) {
      const basic = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret ?? '')}`;
      ctx.req.headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      form.set('client_id', client.client_id);
      if (client.client_secret !== undefined) form.set('client_secret', client.client_secret);
    }
  }
  // oidc-provider reads `req.body` when the stream was already consumed.
  ctx.req.body = form.toString();
  return true;
}

/** Follow the provider's redirects like a browser, cookies by hand, until they leave the issuer. */
async function followAuthorization(issuer: string, authorizeUrl: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(authorizeUrl);
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || location === null) {
      throw new Error(
        `The provider answered ${res.status} at ${url.pathname} instead of redirecting.`,
      );
    }
    url = new URL(location, url);
    if (url.origin !== issuer) return url;
  }
  throw new Error('More than 10 redirects while authorizing.');
}
