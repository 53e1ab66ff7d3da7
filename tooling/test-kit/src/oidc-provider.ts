import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { followAuthorization } from './follow-authorization.js';
import { configurationFor } from './oidc-configuration.js';
import { finishInteraction } from './oidc-interaction.js';
import type { DeviceCodeLike, ProviderLike } from './oidc-provider-like.js';
import type {
  OidcProviderHandle,
  OidcRequestRecord,
  StartOidcProviderOptions,
} from './oidc-provider-options.js';
import { addRevocationClient } from './oidc-revocation.js';

export type {
  InteractionDecision,
  InteractionSummary,
  OidcClientMetadata,
  OidcProviderHandle,
  OidcRequestRecord,
  StartOidcProviderOptions,
} from './oidc-provider-options.js';

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
