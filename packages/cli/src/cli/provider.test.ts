import { LoopbackServer } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscoveryError } from '../errors.js';
import { discover } from './provider.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(() => server.close());

const DOC = '/.well-known/openid-configuration';

describe('OpenID discovery failures are DiscoveryError (code discovery_failed)', () => {
  it('an HTTP error carries its status', async () => {
    server.route('GET', `/a${DOC}`, { status: 404, body: { error: 'not_found' } });
    const err = await discover(server.urlOf('/a')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscoveryError);
    expect(err).toMatchObject({ code: 'discovery_failed', status: 404 });
    expect((err as Error).message).toMatch(/HTTP 404/);
  });

  it('a document naming another issuer, or lacking an https endpoint, is refused', async () => {
    server.route('GET', `/b${DOC}`, { body: { issuer: 'https://elsewhere.example' } });
    const other = await discover(server.urlOf('/b')).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(DiscoveryError);
    expect(other).toMatchObject({ status: undefined });
    expect((other as Error).message).toMatch(/another issuer/);
    const issuer = server.urlOf('/c');
    server.route('GET', `/c${DOC}`, {
      body: { issuer, authorization_endpoint: 'http://login.example/auth', token_endpoint: 'x' },
    });
    const insecure = await discover(issuer).catch((e: unknown) => e);
    expect(insecure).toBeInstanceOf(DiscoveryError);
    expect((insecure as Error).message).toMatch(/authorization_endpoint is not an https URL/);
  });

  it('a good document gives the endpoints', async () => {
    const issuer = server.urlOf('/d');
    server.route('GET', `/d${DOC}`, {
      body: {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
      },
    });
    expect(await discover(issuer)).toMatchObject({
      issuer,
      authUri: `${issuer}/auth`,
      tokenUri: `${issuer}/token`,
    });
  });
});
