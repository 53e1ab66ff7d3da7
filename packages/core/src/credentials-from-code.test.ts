import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoCanary, canary, FrozenClock, fixturePath, LoopbackServer } from '@oauth2/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRETS_CACHE_NAMESPACE, type ClientSecretsCache } from './client-secrets.js';
import {
  credentialsFromClientSecretsAndCode,
  credentialsFromCode,
} from './credentials-from-code.js';
import { FlowExchangeError, InvalidClientSecretsError } from './errors.js';
import { flowFromClientSecrets } from './flow-from-client-secrets.js';
import { GOOGLE_DEVICE_URI, GOOGLE_REVOKE_URI } from './wire/endpoints.js';

let server: LoopbackServer;
let dir: string;
const clock = new FrozenClock();
beforeAll(async () => {
  server = await LoopbackServer.start();
  dir = await mkdtemp(join(tmpdir(), 'oauth2-cfc-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.clearRequests());

async function secretsFile(info: Record<string, unknown>, type = 'web'): Promise<string> {
  const path = join(dir, `${canary('cs-').slice(-8)}.json`);
  await writeFile(path, JSON.stringify({ [type]: info }));
  return path;
}

const baseInfo = () => ({
  client_id: 'cid',
  client_secret: 'csecret',
  redirect_uris: ['http://127.0.0.1/cb'],
  auth_uri: 'https://as.example/auth',
  token_uri: server.urlOf('/token'),
});

describe('flowFromClientSecrets (spec §3.5, §17.3 item 23)', () => {
  it('copies client id/secret and the auth, token and revoke URIs from the file', async () => {
    const flow = await flowFromClientSecrets(
      fixturePath('upstream-tests-data-v4.1.3/client_secrets.json'),
      {
        scope: ['email', 'profile'],
        redirectUri: 'http://127.0.0.1:8080/cb',
        loginHint: 'me@example.com',
        deviceUri: 'https://as.example/device',
        prompt: 'consent',
      },
    );
    expect(flow.clientId).toBe('foo_client_id');
    expect(flow.clientSecret).toBe('foo_client_secret');
    expect(flow.authUri).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(flow.tokenUri).toBe('https://oauth2.googleapis.com/token');
    expect(flow.revokeUri).toBe('https://oauth2.googleapis.com/revoke');
    expect(flow.deviceUri).toBe('https://as.example/device');
    expect(flow.scope).toBe('email profile');
    expect(flow.params.prompt).toBe('consent');
    const p = new URL(flow.step1GetAuthorizeUrl().url).searchParams;
    expect(p.get('login_hint')).toBe('me@example.com');
    expect(p.get('redirect_uri')).toBe('http://127.0.0.1:8080/cb');
  });

  it('keeps the default revoke and device URIs when the file and options have none', async () => {
    const flow = await flowFromClientSecrets(await secretsFile(baseInfo(), 'installed'), {
      scope: 's',
    });
    expect(flow.revokeUri).toBe(GOOGLE_REVOKE_URI);
    expect(flow.deviceUri).toBe(GOOGLE_DEVICE_URI);
    expect(flow.pkce).toBe(true);
  });

  it('uses the cache and throws InvalidClientSecretsError for a bad file', async () => {
    const store = new Map<string, unknown>();
    const cache: ClientSecretsCache = {
      get: (k, ns) => store.get(`${ns}|${k}`),
      set: (k, v, ns) => store.set(`${ns}|${k}`, v),
    };
    const path = join(dir, 'only-in-cache.json');
    store.set(`${CLIENT_SECRETS_CACHE_NAMESPACE}|${path}`, { web: baseInfo() });
    expect((await flowFromClientSecrets(path, { scope: 's', cache })).clientId).toBe('cid');
    await expect(
      flowFromClientSecrets(join(dir, 'missing.json'), { scope: 's' }),
    ).rejects.toBeInstanceOf(InvalidClientSecretsError);
    const unfilled = fixturePath('upstream-tests-data-v1.5.2/unfilled_client_secrets.json');
    await expect(flowFromClientSecrets(unfilled, { scope: 's' })).rejects.toThrow(
      `Property "client_id" is not configured. (file: "${unfilled}")`,
    );
  });
});

describe("flowFromClientSecrets: tokenUri option and the file's only redirect URI", () => {
  it('exchanges at options.tokenUri with the redirect URI the file lists', async () => {
    server.route('POST', '/token', { body: { access_token: 'at3' } });
    const only = 'http://127.0.0.1:9/oauth2callback';
    const path = await secretsFile({
      ...baseInfo(),
      redirect_uris: [only],
      token_uri: 'https://token.unused.example/token',
    });
    const flow = await flowFromClientSecrets(path, {
      scope: 's',
      tokenUri: server.urlOf('/token'),
    });
    expect([flow.tokenUri, flow.redirectUri]).toEqual([server.urlOf('/token'), only]);
    const { url, state } = flow.step1GetAuthorizeUrl();
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(only);
    const credentials = await flow.step2Exchange({ code: 'c', state });
    expect(credentials.accessToken).toBe('at3');
    expect(credentials.tokenUri).toBe(server.urlOf('/token'));
    expect(server.requestsTo('/token')[0]?.form?.get('redirect_uri')).toBe(only);
    const chosen = await flowFromClientSecrets(path, {
      scope: 's',
      redirectUri: 'http://127.0.0.1:7/x',
    });
    expect([chosen.redirectUri, chosen.tokenUri]).toEqual([
      'http://127.0.0.1:7/x',
      'https://token.unused.example/token',
    ]);
  });

  it.each([
    ['several', ['http://127.0.0.1:1/a', 'http://127.0.0.1:2/b']],
    ['no', []],
  ])('with %s redirect URIs and none given, step 1 asks for one as before', async (_, uris) => {
    const flow = await flowFromClientSecrets(
      await secretsFile({ ...baseInfo(), redirect_uris: uris }),
      {
        scope: 's',
      },
    );
    expect(flow.redirectUri).toBeUndefined();
    expect(() => flow.step1GetAuthorizeUrl()).toThrow(
      'The value of redirect_uri must not be undefined.',
    );
  });
});

describe('credentialsFromCode / credentialsFromClientSecretsAndCode (spec §3.3 helpers)', () => {
  it('exchanges with redirect_uri=postmessage and no PKCE by default', async () => {
    server.route('POST', '/token', { body: { access_token: 'at', expires_in: 60 } });
    const credentials = await credentialsFromCode('4/code', {
      clientId: 'cid',
      clientSecret: 'cs',
      scope: ['a', 'b'],
      tokenUri: server.urlOf('/token'),
      revokeUri: server.urlOf('/revoke'),
      clock,
    });
    const form = server.requestsTo('/token')[0]?.form;
    expect(form?.toString()).toBe(
      'client_id=cid&code=4%2Fcode&scope=a+b&client_secret=cs&grant_type=authorization_code&redirect_uri=postmessage',
    );
    expect(credentials.accessToken).toBe('at');
    expect(credentials.revokeUri).toBe(server.urlOf('/revoke'));
    expect(credentials.tokenExpiry?.getTime()).toBe(clock.now() + 60_000);
  });

  it('sends a given verifier and redirect URI, and no secret for a public client', async () => {
    server.route('POST', '/token', { body: { access_token: 'at' } });
    const verifier = canary();
    await credentialsFromCode('c', {
      clientId: 'cid',
      scope: 's',
      redirectUri: 'http://127.0.0.1:1/cb',
      codeVerifier: verifier,
      tokenUri: server.urlOf('/token'),
    });
    const form = server.requestsTo('/token')[0]?.form;
    expect(form?.get('code_verifier')).toBe(verifier);
    expect(form?.get('redirect_uri')).toBe('http://127.0.0.1:1/cb');
    expect(form?.has('client_secret')).toBe(false);
  });

  it('loads the client from a secrets file, then exchanges', async () => {
    server.route(
      'POST',
      '/token',
      { body: { access_token: 'at2' } },
      { status: 400, body: { error: 'invalid_grant' } },
    );
    const secret = canary('cs-');
    const path = await secretsFile({ ...baseInfo(), client_secret: secret });
    const credentials = await credentialsFromClientSecretsAndCode(path, 'code', { scope: 'email' });
    expect(credentials.accessToken).toBe('at2');
    expect(credentials.clientSecret).toBe(secret);
    const form = server.requestsTo('/token')[0]?.form;
    expect(form?.get('client_id')).toBe('cid');
    expect(form?.get('redirect_uri')).toBe('postmessage');
    const err = await credentialsFromClientSecretsAndCode(path, canary('4/'), {
      scope: 'email',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlowExchangeError);
    expect((err as Error).message).toBe('invalid_grant');
    assertNoCanary(err);
    await expect(
      credentialsFromClientSecretsAndCode(join(dir, 'nope.json'), 'c', { scope: 's' }),
    ).rejects.toThrow('File not found:');
  });
});
