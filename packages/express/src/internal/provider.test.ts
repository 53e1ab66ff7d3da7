import { LoopbackServer } from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OAuth2ConfigurationError } from '../errors.js';
import { discoverProvider, googleProvider } from './provider.js';

let server: LoopbackServer;
beforeEach(async () => {
  server = await LoopbackServer.start();
});
afterEach(() => server.close());

const metadata = (issuer: string, extra: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  ...extra,
});

describe('OpenID discovery', () => {
  it('reads the endpoints, RFC 9207 support and offline_access', async () => {
    server.route('GET', '/.well-known/openid-configuration', {
      body: metadata(server.url, {
        revocation_endpoint: `${server.url}/revoke`,
        scopes_supported: ['openid', 'offline_access'],
        authorization_response_iss_parameter_supported: true,
      }),
    });
    expect(await discoverProvider(server.url, undefined)).toEqual({
      authUri: `${server.url}/auth`,
      tokenUri: `${server.url}/token`,
      revokeUri: `${server.url}/revoke`,
      jwksUri: `${server.url}/jwks`,
      issuers: [server.url],
      issParameterSupported: true,
      offline: 'offline_access',
    });
  });

  it('refuses a document that names another issuer (mix-up)', async () => {
    server.route('GET', '/.well-known/openid-configuration', {
      body: metadata('https://evil.example'),
    });
    await expect(discoverProvider(server.url, undefined)).rejects.toThrow(OAuth2ConfigurationError);
    await expect(discoverProvider(server.url, undefined)).rejects.toThrow(/another issuer/);
  });

  it('refuses a non-200, a non-JSON body, a missing field', async () => {
    server.route(
      'GET',
      '/.well-known/openid-configuration',
      { status: 500 },
      { body: 'not json {' },
      {
        body: { issuer: server.url },
      },
    );
    for (const why of [
      /HTTP 500/,
      /not valid OpenID provider metadata/,
      /not valid OpenID provider metadata/,
    ]) {
      await expect(discoverProvider(server.url, undefined)).rejects.toThrow(why);
    }
  });

  it('Google by default, with a client-secrets file able to override the endpoints', () => {
    expect(googleProvider({}).authUri).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(googleProvider({ tokenUri: 'https://t.example' }).tokenUri).toBe('https://t.example');
    expect(googleProvider({}).offline).toBe('access_type');
  });
});
