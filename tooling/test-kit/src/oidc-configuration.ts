import { createPrivateKey, randomBytes } from 'node:crypto';
import { testKeys } from './fixtures.js';
import type { OwnedBy } from './oidc-provider-like.js';
import type { OidcClientMetadata, StartOidcProviderOptions } from './oidc-provider-options.js';

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

/** The oidc-provider configuration for {@link startOidcProvider}'s options (defaults, clients, keys, features). */
export function configurationFor(options: StartOidcProviderOptions, accountId: string): object {
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
