import { assertNoCanary, canary, startOidcProvider } from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuthorizedUserCredentials, getApplicationDefault } from '../src/index.js';
import { type TempHome, tempHome } from './helpers.js';

type Provider = Awaited<ReturnType<typeof startOidcProvider>>;

let home: TempHome;
let op: Provider;
const clientSecret = canary('secret-');
const redirectUri = 'http://127.0.0.1:9/callback';

beforeEach(async () => {
  home = await tempHome();
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'adc-client',
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkceRequired: false,
  });
});
afterEach(async () => {
  await op.close();
  await home.cleanup();
});

/** Log in at the provider and exchange the code: what `gcloud auth application-default login` does. */
async function obtainRefreshToken(): Promise<string> {
  const authorize = new URL(op.endpoints.authorization);
  authorize.search = new URLSearchParams({
    client_id: 'adc-client',
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email',
    state: 'state-1',
  }).toString();
  const callback = await op.completeAuthorization(authorize.toString());
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();
  const res = await fetch(op.endpoints.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code ?? '',
      redirect_uri: redirectUri,
      client_id: 'adc-client',
      client_secret: clientSecret,
    }),
  });
  const tokens = (await res.json()) as { refresh_token?: string };
  expect(res.status).toBe(200);
  expect(tokens.refresh_token).toBeTruthy();
  return tokens.refresh_token ?? '';
}

describe('end to end: an authorized_user ADC file against a real OAuth server (oidc-provider)', () => {
  it('yields a working access token through getApplicationDefault()', async () => {
    const refreshToken = await obtainRefreshToken();
    const path = await home.write('adc.json', {
      type: 'authorized_user',
      client_id: 'adc-client',
      client_secret: clientSecret,
      refresh_token: refreshToken,
      token_uri: op.endpoints.token,
    });
    const credentials = (await getApplicationDefault({
      env: { GOOGLE_APPLICATION_CREDENTIALS: path, NO_GCE_CHECK: 'True' },
      homeDir: home.home,
    })) as AuthorizedUserCredentials;
    const { accessToken, expiresIn } = await credentials.getAccessToken();
    expect(accessToken.length).toBeGreaterThan(20);
    expect(expiresIn).toBeGreaterThan(3500);
    const me = await credentials.authorize()(op.endpoints.userinfo);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { sub: string }).sub).toBe('test-user');
    const refreshes = op.requests.filter((r) => r.path === '/token');
    expect(refreshes.map((r) => r.status)).toEqual([200, 200]); // the code exchange, then one refresh
    assertNoCanary(credentials, 'the ADC credential');
  });

  it('surfaces a refused refresh token as invalid_grant', async () => {
    const path = await home.write('adc.json', {
      type: 'authorized_user',
      client_id: 'adc-client',
      client_secret: clientSecret,
      refresh_token: canary('revoked-'),
      token_uri: op.endpoints.token,
    });
    const credentials = await getApplicationDefault({
      env: { GOOGLE_APPLICATION_CREDENTIALS: path, NO_GCE_CHECK: 'True' },
      homeDir: home.home,
    });
    const err = await (credentials as AuthorizedUserCredentials)
      .getAccessToken()
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('invalid_grant');
    assertNoCanary(err, 'the refresh error');
  });
});
