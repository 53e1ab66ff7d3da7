import {
  assertNoCanary,
  canary,
  signInWithCode,
  startOidcProvider,
  useResource,
  webClient,
} from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { type AuthorizedUserCredentials, getApplicationDefault } from '../src/index.js';
import { useTempHome } from './helpers.js';

const clientSecret = canary('secret-');
const redirectUri = 'http://127.0.0.1:9/callback';
const home = useTempHome();
const op = useResource(
  () => startOidcProvider({ clients: [webClient('adc-client', clientSecret, redirectUri)] }),
  (provider) => provider.close(),
);

/** Log in at the provider and exchange the code: what `gcloud auth application-default login` does. */
async function obtainRefreshToken(): Promise<string> {
  const tokens = await signInWithCode(op, {
    clientId: 'adc-client',
    clientSecret,
    redirectUri,
    scope: 'openid email',
  });
  expect(tokens.refresh_token).toBeTruthy();
  return String(tokens.refresh_token);
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
