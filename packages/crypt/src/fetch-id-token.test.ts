import { createPublicKey } from 'node:crypto';
import { canary, FrozenClock, LoopbackServer, testKeys } from '@oauth2/test-kit';
import { compactVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchIdToken } from './fetch-id-token.js';

const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3N2YyJ9.c2ln';
let server: LoopbackServer;
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(() => server.close());

const key = () => ({
  type: 'service_account',
  client_email: 'sa@project.iam.gserviceaccount.com',
  client_id: '123',
  private_key_id: 'kid-1',
  private_key: testKeys.privateKeyPem,
  token_uri: `${server.url}/token`,
});

describe('fetchIdToken', () => {
  it('posts a JWT-bearer grant whose signed assertion carries target_audience', async () => {
    server.route('POST', '/token', { body: { id_token: ID_TOKEN } });
    const clock = new FrozenClock(1_700_000_000_000);
    const token = await fetchIdToken(key(), 'https://svc.example', { clock });
    expect(token).toBe(ID_TOKEN);
    const form = server.requests.at(-1)?.form;
    expect(form?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const { payload, protectedHeader } = await compactVerify(
      form?.get('assertion') ?? '',
      createPublicKey(testKeys.publicKeySpkiPem),
    );
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'kid-1' });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      iss: 'sa@project.iam.gserviceaccount.com',
      aud: `${server.url}/token`,
      iat: 1_700_000_000,
      exp: 1_700_003_600,
      target_audience: 'https://svc.example',
    });
  });

  it('a refusal is HttpAccessTokenRefreshError with the server error, its description cleaned', async () => {
    const secret = canary('key');
    server.route('POST', '/token', {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'bad \u001b[31mkey' },
    });
    const err = await fetchIdToken({ ...key(), private_key_id: secret }, 'aud').catch((e) => e);
    expect(err).toMatchObject({
      name: 'HttpAccessTokenRefreshError',
      code: 'invalid_grant',
      status: 400,
    });
    expect(err.message).toBe('invalid_grant: bad  [31mkey');
    expect(err.message).not.toContain(secret);
  });

  it('a 200 without a well-formed id_token is TokenResponseError; 503 is retryable', async () => {
    server.route('POST', '/token', { body: { access_token: 'x' } });
    await expect(fetchIdToken(key(), 'aud')).rejects.toMatchObject({ name: 'TokenResponseError' });
    server.route('POST', '/token', { status: 503, body: 'down' });
    await expect(fetchIdToken(key(), 'aud')).rejects.toMatchObject({
      status: 503,
      retryable: true,
    });
  });

  it('refuses a key that is not a service account, and an empty audience', async () => {
    await expect(fetchIdToken({ ...key(), type: 'authorized_user' }, 'aud')).rejects.toMatchObject({
      name: 'ServiceAccountKeyError',
    });
    await expect(fetchIdToken(key(), '')).rejects.toThrow(TypeError);
  });
});
