// long-file: end-to-end flows against one real oidc-provider
/**
 * End to end against a real authorization server (oidc-provider 9 on loopback), through the
 * public API of @oauth2/core only: authorization code + PKCE, refresh, authorized requests,
 * revocation, and the device flow with polling.
 */
import { inspect } from 'node:util';
import {
  assertNoCanary,
  CANARY_PREFIX,
  canary,
  type OidcProviderHandle,
  startOidcProvider,
  webClient,
} from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Clock,
  FlowExchangeError,
  HttpAccessTokenRefreshError,
  MemoryStorage,
  MemoryStorageBackend,
  OAuth2Credentials,
  OAuth2DeviceCodeError,
  OAuth2WebServerFlow,
  systemClock,
  TokenRevokeError,
} from '../src/index.js';

const REDIRECT = 'http://127.0.0.1:9/oauth2callback';
const WEB_SECRET = canary('web-secret-');
const BASIC_SECRET = canary('basic-secret-');
const TV_SECRET = canary('tv-secret-');
const DEVICE_GRANTS = ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'];

/** Real time, but sleeps 50× shorter: device polling at "5 s" takes 100 ms. */
const fastClock: Clock = {
  now: () => systemClock.now(),
  sleep: (ms, signal) => systemClock.sleep(ms / 50, signal),
};

let op: OidcProviderHandle;
let denyNext = false;

beforeAll(async () => {
  op = await startOidcProvider({
    clients: [
      webClient('web-app', WEB_SECRET, REDIRECT),
      {
        client_id: 'native-app',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
      },
      {
        client_id: 'basic-app',
        client_secret: BASIC_SECRET,
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: 'tv-app',
        grant_types: DEVICE_GRANTS,
        token_endpoint_auth_method: 'none',
      },
      {
        client_id: 'tv-confidential',
        client_secret: TV_SECRET,
        grant_types: DEVICE_GRANTS,
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: 'tv-basic',
        client_secret: TV_SECRET,
        grant_types: DEVICE_GRANTS,
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { email: 'user@example.com', email_verified: true },
    rotateRefreshTokens: true,
    decide: () => {
      if (!denyNext) return { accountId: 'test-user' };
      denyNext = false;
      return { error: 'access_denied', errorDescription: 'the user said no' };
    },
  });
});
afterAll(() => op.close());

const webFlow = (extra: Partial<ConstructorParameters<typeof OAuth2WebServerFlow>[0]> = {}) =>
  new OAuth2WebServerFlow({
    clientId: 'web-app',
    clientSecret: WEB_SECRET,
    scope: ['openid', 'email', 'offline_access'],
    redirectUri: REDIRECT,
    authUri: op.endpoints.authorization,
    tokenUri: op.endpoints.token,
    revokeUri: op.endpoints.revocation,
    deviceUri: op.endpoints.deviceAuthorization,
    tokenInfoUri: op.endpoints.introspection,
    userAgent: 'e2e/1.0',
    ...extra,
  });

/** A credential of `clientId` holding only a refresh token, one attempt per refresh. */
const refreshOnly = (clientId: string, refreshToken: string | null, clientSecret?: string) =>
  new OAuth2Credentials({
    clientId,
    clientSecret,
    refreshToken,
    tokenUri: op.endpoints.token,
    retry: { maxAttempts: 1 },
  });

/** Run step 1 and the browser part; return the flow, the request and the callback URL. */
async function authorize(flow = webFlow()) {
  const request = flow.step1GetAuthorizeUrl();
  const callback = await op.completeAuthorization(request.url);
  return { flow, request, callback };
}

describe('authorization code + PKCE against oidc-provider', () => {
  it('R14 two stores on one backend, clocks two hours apart, rotating provider: each refresh uses the newest stored refresh token', async () => {
    const { flow, callback } = await authorize();
    const backend = new MemoryStorageBackend();
    await new MemoryStorage({ backend }).put(await flow.step2Exchange(callback.searchParams));
    const ahead: Clock = {
      now: () => systemClock.now() + 2 * 3600_000,
      sleep: (ms, signal) => systemClock.sleep(ms, signal),
    };
    const [a, b] = (await Promise.all(
      [systemClock, ahead].map((clock) =>
        new MemoryStorage({ backend, credentialsOptions: { clock } }).get(),
      ),
    )) as OAuth2Credentials[];
    const first = a?.refreshToken;
    await a?.refresh(); // rotates: b's in-memory refresh token is now dead at the provider
    // b's clock sees a's token as expired: it adopts a's rotated refresh token and refreshes once.
    const { accessToken } = (await b?.getAccessToken()) ?? {};
    expect(accessToken).not.toBe(a?.accessToken);
    expect(b?.refreshToken).not.toBe(a?.refreshToken);
    expect(b?.invalid).toBe(false);
    // a picks up b's state under the lock, with no refresh of its own; the API accepts it.
    await a?.refresh();
    expect(a?.refreshToken).toBe(b?.refreshToken);
    const me = await a?.authorize()(op.endpoints.userinfo);
    expect(me?.status).toBe(200);
    const refreshes = op.requests.filter(
      (r) => r.path === '/token' && r.status === 200 && r.method === 'POST',
    );
    expect(refreshes.length).toBeGreaterThanOrEqual(3); // the exchange and two refreshes
    expect(JSON.parse(backend.value ?? '{}').refresh_token).toBe(b?.refreshToken);
    expect(b?.refreshToken).not.toBe(first);
  });

  it('logs in, refreshes (with rotation), calls an API and revokes', async () => {
    const { flow, request, callback } = await authorize();
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    const credentials = await flow.step2Exchange(callback.searchParams);
    expect(credentials.idToken?.nonce).toBe(request.nonce);

    expect(credentials).toBeInstanceOf(OAuth2Credentials);
    expect(credentials.accessToken).toBeTruthy();
    expect(credentials.refreshToken).toBeTruthy();
    expect(credentials.idToken).toMatchObject({
      sub: 'test-user',
      aud: 'web-app',
      iss: op.issuer,
      email: 'user@example.com',
    });
    expect(credentials.idTokenJwt?.split('.')).toHaveLength(3);
    expect(credentials.tokenExpiry?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    // The granted scope (the provider drops offline_access without prompt=consent) wins over the requested one.
    const granted = String(credentials.tokenResponse?.scope);
    expect(granted.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
    expect(credentials.scopes).toEqual(new Set(granted.split(' ')));
    expect(credentials.clientSecret).toBe(WEB_SECRET);

    // An API call with the token (userinfo), through authorize().
    const api = credentials.authorize();
    const me = await api(op.endpoints.userinfo);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'test-user', email: 'user@example.com' });

    // Refresh: a new access token and, since the provider rotates, a new refresh token.
    const before = { access: credentials.accessToken, refresh: credentials.refreshToken };
    await credentials.refresh();
    expect(credentials.accessToken).not.toBe(before.access);
    expect(credentials.refreshToken).not.toBe(before.refresh);
    const info = await credentials.getAccessToken();
    expect(info.accessToken).toBe(credentials.accessToken);
    expect(info.expiresIn).toBeGreaterThan(3500);
    expect((await api(op.endpoints.userinfo)).status).toBe(200);

    // The rotated-out refresh token is dead at the server.
    const stale = refreshOnly('web-app', before.refresh, WEB_SECRET);
    await expect(stale.refresh()).rejects.toMatchObject({ code: 'invalid_grant', status: 400 });

    // Revoke the refresh token (RFC 7009 with client_secret_post authentication): further
    // refreshes fail with invalid_grant.
    const revocations = () => op.requests.filter((r) => r.path === '/token/revocation');
    await credentials.revoke();
    expect(credentials.invalid).toBe(true);
    expect(revocations().map((r) => [r.method, r.status])).toEqual([['POST', 200]]);
    const revoked = refreshOnly('web-app', credentials.refreshToken, WEB_SECRET);
    const err = await revoked.refresh().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpAccessTokenRefreshError);
    expect(err).toMatchObject({ code: 'invalid_grant' });

    for (const r of op.requests) expect(r.path).not.toContain(CANARY_PREFIX);
    assertNoCanary(flow, 'flow');
    expect(inspect(credentials)).not.toContain(WEB_SECRET);
  });

  it('a public client (no secret) relies on PKCE; a client_secret_basic client uses the Authorization header', async () => {
    const nativeFlow = webFlow({ clientId: 'native-app', clientSecret: undefined });
    const native = await authorize(nativeFlow);
    const credentials = await native.flow.step2Exchange(native.callback.searchParams);
    expect(credentials.accessToken).toBeTruthy();
    expect(credentials.clientSecret).toBeNull();
    // A public client revokes with its client_id alone.
    await credentials.revoke();
    await expect(
      refreshOnly('native-app', credentials.refreshToken).refresh(),
    ).rejects.toMatchObject({ code: 'invalid_grant' });

    const basicHeader = `Basic ${Buffer.from(`basic-app:${encodeURIComponent(BASIC_SECRET)}`).toString('base64')}`;
    const basicFlow = webFlow({
      clientId: 'basic-app',
      clientSecret: undefined,
      authorizationHeader: basicHeader,
    });
    const basic = await authorize(basicFlow);
    expect((await basic.flow.step2Exchange(basic.callback.searchParams)).accessToken).toBeTruthy();
  });

  it('a revoke with a wrong client secret is refused; the credential stays valid', async () => {
    const { flow, callback } = await authorize();
    const credentials = await flow.step2Exchange(callback.searchParams);
    const wrong = OAuth2Credentials.fromJson(credentials.toJson());
    wrong.clientSecret = canary('wrong-secret-');
    const err = await wrong.revoke().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRevokeError);
    expect(err).toMatchObject({ code: 'invalid_client', status: 401, retryable: false });
    expect(wrong.invalid).toBe(false);
    assertNoCanary(err, 'the revoke error');
    // The grant is untouched: the right client can still refresh.
    await credentials.refresh();
    expect(credentials.accessToken).toBeTruthy();
  });

  it('the server refuses a wrong verifier, a reused code and a forged state', async () => {
    const first = await authorize();
    const code = first.callback.searchParams.get('code') as string;
    const wrongVerifier = await first.flow
      .step2Exchange(code, { codeVerifier: 'a'.repeat(43) })
      .catch((e: unknown) => e);
    expect(wrongVerifier).toBeInstanceOf(FlowExchangeError);
    expect(wrongVerifier).toMatchObject({ code: 'invalid_grant', status: 400 });
    expect((wrongVerifier as Error).message).toMatch(/^invalid_grant\S/); // oauth2client's concatenation

    const second = await authorize();
    const ok = await second.flow.step2Exchange(second.callback.searchParams);
    expect(ok.accessToken).toBeTruthy();
    const reused = await webFlow()
      .step2Exchange(second.callback.searchParams, {
        expectedState: second.request.state,
        codeVerifier: second.request.codeVerifier,
      })
      .catch((e: unknown) => e);
    expect(reused).toMatchObject({ name: 'FlowExchangeError', code: 'invalid_grant' });

    const third = await authorize();
    const forged = new URLSearchParams(third.callback.searchParams);
    forged.set('state', 'forged');
    await expect(third.flow.step2Exchange(forged)).rejects.toMatchObject({
      code: 'state_mismatch',
    });
  });

  it('without PKCE the provider refuses the authorization request', async () => {
    const request = webFlow({ pkce: false }).step1GetAuthorizeUrl();
    const callback = await op.completeAuthorization(request.url);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    await expect(
      webFlow({ pkce: false }).step2Exchange(callback.searchParams),
    ).rejects.toMatchObject({
      name: 'FlowExchangeError',
      code: 'invalid_request',
    });
  });

  it('a denied login comes back as a FlowExchangeError carrying the error', async () => {
    denyNext = true;
    const { flow, callback } = await authorize();
    expect(callback.searchParams.get('error')).toBe('access_denied');
    await expect(flow.step2Exchange(callback.searchParams)).rejects.toMatchObject({
      name: 'FlowExchangeError',
      message: 'access_denied',
      errorDescription: 'the user said no',
    });
  });
});

describe('device flow (RFC 8628) against oidc-provider', () => {
  const tvFlow = (extra: Partial<ConstructorParameters<typeof OAuth2WebServerFlow>[0]> = {}) =>
    new OAuth2WebServerFlow({
      clientId: 'tv-app',
      scope: 'openid offline_access',
      deviceUri: op.endpoints.deviceAuthorization,
      tokenUri: op.endpoints.token,
      revokeUri: op.endpoints.revocation,
      clock: fastClock,
      ...extra,
    });

  /** Step 1, approve once the first poll was refused as pending, wait: the credentials. */
  async function approveAndWait(flow: OAuth2WebServerFlow) {
    const info = await flow.step1GetDeviceAndUserCodes();
    const polls: number[] = [];
    let approval: Promise<void> | undefined;
    const credentials = await flow.waitForDeviceAuthorization(info, {
      onPoll: (n) => {
        polls.push(n);
        if (n === 2) approval = op.approveDeviceCode(info.userCode);
      },
    });
    await approval;
    return { credentials, polls };
  }

  it.each<[string, { clientId: string; clientSecret?: string; authorizationHeader?: string }]>([
    ['client_secret_post', { clientId: 'tv-confidential', clientSecret: TV_SECRET }],
    [
      'client_secret_basic',
      {
        clientId: 'tv-basic',
        authorizationHeader: `Basic ${Buffer.from(`tv-basic:${encodeURIComponent(TV_SECRET)}`).toString('base64')}`,
      },
    ],
  ])('a confidential client (%s) authenticates on every device request', async (_method, extra) => {
    const flow = tvFlow(extra);
    const sent = op.requests.length;
    const { credentials, polls } = await approveAndWait(flow);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    const seen = op.requests.slice(sent).map((r) => `${r.path} ${r.status}`);
    expect(seen[0]).toBe('/device/auth 200');
    expect(seen.at(-1)).toBe('/token 200');
    expect(credentials.idToken).toMatchObject({ sub: 'test-user', aud: extra.clientId });
    expect(credentials.clientSecret).toBe(extra.clientSecret ?? null);
    for (const r of op.requests) expect(r.path).not.toContain(CANARY_PREFIX);
    assertNoCanary(flow, 'flow');

    // Without its client authentication the same client is refused at step 1.
    const anonymous = tvFlow({ clientId: extra.clientId });
    const err = await anonymous.step1GetDeviceAndUserCodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuth2DeviceCodeError);
    expect(err).toMatchObject({ status: 401, error: 'invalid_client' });
    assertNoCanary(err, 'the device error');
  });

  it('a confidential device client refreshes and revokes with its secret', async () => {
    const { credentials } = await approveAndWait(
      tvFlow({ clientId: 'tv-confidential', clientSecret: TV_SECRET }),
    );
    const old = credentials.accessToken;
    await credentials.refresh();
    expect(credentials.accessToken).not.toBe(old);
    await credentials.revoke();
    await expect(
      refreshOnly('tv-confidential', credentials.refreshToken, TV_SECRET).refresh(),
    ).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('polls until the user approves, then returns refreshable credentials', async () => {
    const flow = tvFlow();
    const info = await flow.step1GetDeviceAndUserCodes();
    expect(info.verificationUrl).toBe(`${op.issuer}/device`);
    expect(info.instructions()).toContain(info.userCode);
    expect(info.userCodeExpiry?.getTime()).toBeGreaterThan(Date.now());
    const tokenRequests = () => op.requests.filter((r) => r.path === '/token');
    const before = tokenRequests().length;
    let secondPoll: () => void = () => {};
    const reachedSecondPoll = new Promise<void>((resolve) => {
      secondPoll = resolve;
    });
    const polls: number[] = [];
    const waiting = flow.waitForDeviceAuthorization(info, {
      onPoll: (n) => {
        polls.push(n);
        if (n === 2) secondPoll();
      },
    });
    await reachedSecondPoll;
    await op.approveDeviceCode(info.userCode);
    const credentials = await waiting;
    const statuses = tokenRequests()
      .slice(before)
      .map((r) => r.status);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(statuses).toHaveLength(polls.length);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true); // authorization_pending
    expect(credentials.accessToken).toBeTruthy();
    expect(credentials.refreshToken).toBeTruthy();
    expect(credentials.idToken).toMatchObject({ sub: 'test-user', aud: 'tv-app' });
    const old = credentials.accessToken;
    await credentials.refresh();
    expect(credentials.accessToken).not.toBe(old);
    await credentials.revoke();
    expect(credentials.invalid).toBe(true);
  });

  it('ends with access_denied when the user refuses', async () => {
    const flow = tvFlow();
    const info = await flow.step1GetDeviceAndUserCodes();
    await op.denyDeviceCode(info.userCode);
    const before = op.requests.filter((r) => r.path === '/token').length;
    const err = await flow.waitForDeviceAuthorization(info).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuth2DeviceCodeError);
    expect(err).toMatchObject({ code: 'access_denied', status: 400 });
    expect(op.requests.filter((r) => r.path === '/token').length).toBe(before + 1);
  });

  it('stops when aborted', async () => {
    const flow = tvFlow();
    const info = await flow.step1GetDeviceAndUserCodes();
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const wait = flow.waitForDeviceAuthorization(info, {
      signal: controller.signal,
      onPoll: (n) => n === 2 && controller.abort(reason),
    });
    await expect(wait).rejects.toBe(reason);
  });
});
