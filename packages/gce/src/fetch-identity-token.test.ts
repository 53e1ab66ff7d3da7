import { LoopbackServer } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataError } from './errors.js';
import { fetchIdentityToken } from './fetch-identity-token.js';

const PATH = '/computeMetadata/v1/instance/service-accounts/default/identity';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3N2YyJ9.c2ln';
let server: LoopbackServer;
let host: string;
beforeAll(async () => {
  server = await LoopbackServer.start();
  host = new URL(server.url).host;
});
afterAll(() => server.close());

describe('fetchIdentityToken', () => {
  it('asks the identity endpoint with the audience and the Metadata-Flavor header', async () => {
    server.route('GET', PATH, { headers: { 'Metadata-Flavor': 'Google' }, body: JWT });
    const token = await fetchIdentityToken('https://svc.example', { host, format: 'full' });
    expect(token).toBe(JWT);
    const req = server.requests.at(-1);
    expect(req?.headers['metadata-flavor']).toBe('Google');
    expect(req?.query.get('audience')).toBe('https://svc.example');
    expect(req?.query.get('format')).toBe('full');
  });

  it('takes GCE_METADATA_HOST from the environment', async () => {
    server.route('GET', PATH, { headers: { 'Metadata-Flavor': 'Google' }, body: `${JWT}\n` });
    await expect(fetchIdentityToken('aud', { env: { GCE_METADATA_HOST: host } })).resolves.toBe(
      JWT,
    );
  });

  it('refuses an answer without Metadata-Flavor, and a body that is not a JWT', async () => {
    server.route('GET', PATH, { body: JWT });
    await expect(fetchIdentityToken('aud', { host })).rejects.toMatchObject({ code: 'metadata_bad_flavor' });
    server.route('GET', PATH, { headers: { 'Metadata-Flavor': 'Google' }, body: '<html>' });
    await expect(fetchIdentityToken('aud', { host })).rejects.toThrow(MetadataError);
  });

  it('an unknown service account is service_account_not_found', async () => {
    server.route('GET', '/computeMetadata/v1/instance/service-accounts/other/identity', {
      status: 404,
      headers: { 'Metadata-Flavor': 'Google' },
      body: 'not found',
    });
    await expect(fetchIdentityToken('aud', { host, account: 'other' })).rejects.toMatchObject({
      code: 'service_account_not_found',
    });
  });

  it('refuses an empty audience', async () => {
    await expect(fetchIdentityToken('', { host })).rejects.toThrow(TypeError);
  });
});
