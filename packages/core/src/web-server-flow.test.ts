// long-file: one table of authorize-URL and exchange cases for every option of the flow
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import {
  assertNoCanary,
  CANARY_PREFIX,
  canary,
  FrozenClock,
  fixtureJson,
  runPython,
  useLoopbackServer,
} from '@oauth2/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { FlowExchangeError, OAuth2Error, VerifyJwtTokenError } from './errors.js';
import { OAuth2Credentials } from './oauth2-credentials.js';
import { codeChallengeS256 } from './pkce.js';
import { OAuth2WebServerFlow, type OAuth2WebServerFlowOptions } from './web-server-flow.js';

interface WireVectors {
  authorize_url: string;
  authorize_url_approval_prompt_force: string;
  step2_exchange_request: { uri: string; body: string; headers: Record<string, string> };
}
const vectors = fixtureJson<WireVectors>('v4.1.3-wire-vectors.json');
const DRIVE = 'https://www.googleapis.com/auth/drive';

function jwt(payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256' })}.${b64(payload)}.c2ln`;
}

function paramsOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

describe('OAuth2WebServerFlow.step1GetAuthorizeUrl (spec §3.2, §17.3 items 16-17)', () => {
  const vectorFlow = (extra: Partial<OAuth2WebServerFlowOptions> = {}) =>
    new OAuth2WebServerFlow({
      clientId: 'client_id+1',
      scope: ['email', DRIVE],
      redirectUri: 'http://localhost:8080/oauth2callback',
      loginHint: 'user@example.com',
      params: { include_granted_scopes: 'true' },
      pkce: false,
      ...extra,
    });

  it('reproduces the oauth2client 4.1.3 URL byte for byte (PKCE off, explicit state)', () => {
    const req = vectorFlow().step1GetAuthorizeUrl({ state: 'state+1' });
    expect(req.url).toBe(vectors.authorize_url);
    expect(req.state).toBe('state+1');
    expect(req.codeVerifier).toBeUndefined();
    expect(req.redirectUri).toBe('http://localhost:8080/oauth2callback');
  });

  it('rewrites approval_prompt=force to prompt=consent, as 4.x does', () => {
    const flow = new OAuth2WebServerFlow({
      clientId: 'cid',
      scope: 'foo',
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      params: { approval_prompt: 'force' },
      pkce: false,
    });
    const { state, ...rest } = paramsOf(flow.step1GetAuthorizeUrl().url);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rest).toEqual(paramsOf(vectors.authorize_url_approval_prompt_force));
    expect(flow.params).toEqual({
      access_type: 'offline',
      response_type: 'code',
      prompt: 'consent',
    });
  });

  it('lets params override the defaults and state, and keeps the endpoint query', () => {
    const flow = new OAuth2WebServerFlow({
      clientId: 'cid',
      scope: '',
      redirectUri: 'https://app.example/cb',
      authUri: 'https://as.example/auth?hd=example.com&blank=',
      params: {
        access_type: 'online',
        response_type: 'token',
        state: 'fixed',
        approval_prompt: 'auto',
      },
    });
    const req = flow.step1GetAuthorizeUrl({ state: 'ignored' });
    const p = paramsOf(req.url);
    expect(p).toMatchObject({
      hd: 'example.com',
      access_type: 'online',
      response_type: 'token',
      state: 'fixed',
      scope: '',
    });
    expect(p.approval_prompt).toBe('auto');
    expect(p.blank).toBeUndefined();
    expect(req.state).toBe('fixed');
  });

  it('requires a scope and a redirect URI; a step-1 redirect URI wins', () => {
    expect(() => new OAuth2WebServerFlow({ clientId: 'c' } as OAuth2WebServerFlowOptions)).toThrow(
      'The value of scope must not be undefined.',
    );
    const flow = new OAuth2WebServerFlow({ clientId: 'c', scope: 's' });
    expect(() => flow.step1GetAuthorizeUrl()).toThrow(
      'The value of redirect_uri must not be undefined.',
    );
    const req = flow.step1GetAuthorizeUrl({ redirectUri: 'http://127.0.0.1:9/cb' });
    expect(paramsOf(req.url).redirect_uri).toBe('http://127.0.0.1:9/cb');
  });

  it('sends a nonce only for OpenID scopes, and a nonce in params wins', () => {
    const plain = new OAuth2WebServerFlow({
      clientId: 'c',
      scope: 'email',
      redirectUri: 'https://x/cb',
    });
    const noNonce = plain.step1GetAuthorizeUrl();
    expect(noNonce.nonce).toBeUndefined();
    expect(new URL(noNonce.url).searchParams.has('nonce')).toBe(false);
    const oidc = new OAuth2WebServerFlow({
      clientId: 'c',
      scope: ['openid', 'email'],
      redirectUri: 'https://x/cb',
    });
    const req = oidc.step1GetAuthorizeUrl();
    expect(new URL(req.url).searchParams.get('nonce')).toBe(req.nonce);
    const fixed = new OAuth2WebServerFlow({
      clientId: 'c',
      scope: 'openid',
      redirectUri: 'https://x/cb',
      params: { nonce: 'n1' },
    });
    expect(fixed.step1GetAuthorizeUrl().nonce).toBe('n1');
  });

  it('builds the same URL as the real Python oauth2client for awkward values', async () => {
    const cases = [
      {
        client_id: 'a b+c',
        scope: ['x~y', 'z*w', 'é'],
        redirect_uri: 'http://127.0.0.1:1/cb?q=1&r=é',
        state: "s/t'a(te)!",
        login_hint: 'ü@example.com',
        auth_uri: 'https://as.example/auth?hd=ex.com',
        kwargs: { prompt: 'select_account consent', access_type: 'online' },
      },
      {
        client_id: 'cid',
        scope: 'openid',
        redirect_uri: 'https://app/cb',
        state: '~-._',
        login_hint: null,
        auth_uri: 'https://as.example/o/auth',
        kwargs: { approval_prompt: 'force', include_granted_scopes: 'true' },
      },
    ];
    const script = [
      'import json, sys',
      'from oauth2client.client import OAuth2WebServerFlow',
      'out = []',
      'for c in json.load(sys.stdin):',
      '    f = OAuth2WebServerFlow(c["client_id"], scope=c["scope"], redirect_uri=c["redirect_uri"], auth_uri=c["auth_uri"], login_hint=c["login_hint"], **c["kwargs"])',
      '    out.append(f.step1_get_authorize_url(state=c["state"]))',
      'print(json.dumps(out))',
    ].join('\n');
    const python = JSON.parse(await runPython(script, JSON.stringify(cases))) as string[];
    const ours = cases.map(
      (c) =>
        new OAuth2WebServerFlow({
          clientId: c.client_id,
          scope: c.scope,
          redirectUri: c.redirect_uri,
          authUri: c.auth_uri,
          loginHint: c.login_hint ?? undefined,
          params: c.kwargs,
          pkce: false,
        }).step1GetAuthorizeUrl({ state: c.state }).url,
    );
    // The second case has `openid`: our nonce is the only extra parameter.
    const second = new URL(ours[1] as string);
    expect(second.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    second.searchParams.delete('nonce');
    expect([ours[0], paramsOf(second.href)]).toEqual([python[0], paramsOf(python[1] as string)]);
  });

  it('refuses PKCE parameters in params and a repeated endpoint query parameter', () => {
    for (const key of ['code_challenge_method', 'code_challenge', 'code_verifier']) {
      expect(
        () => new OAuth2WebServerFlow({ clientId: 'c', scope: 's', params: { [key]: 'plain' } }),
      ).toThrow(OAuth2Error);
    }
    const flow = new OAuth2WebServerFlow({
      clientId: 'c',
      scope: 's',
      redirectUri: 'https://x/cb',
      authUri: 'https://as/auth?a=1&a=2',
    });
    expect(() => flow.step1GetAuthorizeUrl()).toThrow('repeats the parameter "a"');
  });

  it('C11: 10 000 URLs carry S256 challenges and unique 256-bit states, verifiers and nonces', () => {
    const flow = new OAuth2WebServerFlow({
      clientId: 'c',
      scope: 'openid',
      redirectUri: 'https://app/cb',
    });
    const seen = new Set<string>();
    const bad: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const req = flow.step1GetAuthorizeUrl();
      const p = new URL(req.url).searchParams;
      const verifier = req.codeVerifier ?? '';
      if (p.get('code_challenge_method') !== 'S256') bad.push(`method ${i}`);
      if (p.get('code_challenge')?.length !== 43) bad.push(`challenge length ${i}`);
      if (req.url.includes('plain') || req.url.includes(verifier))
        bad.push(`plain or verifier in URL ${i}`);
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) bad.push(`verifier ${i}`);
      if (i % 100 === 0 && p.get('code_challenge') !== codeChallengeS256(verifier))
        bad.push(`challenge ${i}`);
      if (!/^[A-Za-z0-9_-]{43}$/.test(req.state)) bad.push(`state ${i}`); // 32 random bytes
      if (!/^[A-Za-z0-9_-]{43}$/.test(req.nonce ?? '') || p.get('nonce') !== req.nonce)
        bad.push(`nonce ${i}`);
      seen
        .add(req.state)
        .add(verifier)
        .add(req.nonce ?? '');
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBe(30_000);
  });
});

describe('OAuth2WebServerFlow.step2Exchange (spec §3.3, §17.3 items 18-20, C8, C11)', () => {
  const server = useLoopbackServer({ per: 'file' });
  const clock = new FrozenClock();
  afterEach(() => server.clearRequests());

  const flowFor = (extra: Partial<OAuth2WebServerFlowOptions> = {}) =>
    new OAuth2WebServerFlow({
      clientId: 'client_id+1',
      clientSecret: 'secret+1',
      scope: ['email', DRIVE],
      redirectUri: 'http://localhost:8080/oauth2callback',
      userAgent: 'unittest-sample/1.0',
      tokenUri: server.urlOf('/token'),
      revokeUri: server.urlOf('/revoke'),
      tokenInfoUri: server.urlOf('/tokeninfo'),
      clock,
      ...extra,
    });

  it('sends oauth2client’s exact request for a bare code (PKCE off)', async () => {
    server.route('POST', '/token', {
      body: { access_token: 'at', expires_in: 3600, refresh_token: 'rt' },
    });
    const credentials = await flowFor({ pkce: false }).step2Exchange('4/code');
    const [req] = server.requestsTo('/token');
    expect(req?.body).toBe(vectors.step2_exchange_request.body);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers['user-agent']).toBe('unittest-sample/1.0');
    expect(req?.headers.authorization).toBeUndefined();
    expect(credentials).toBeInstanceOf(OAuth2Credentials);
    expect(credentials.accessToken).toBe('at');
    expect(credentials.refreshToken).toBe('rt');
    expect(credentials.tokenExpiry?.getTime()).toBe(clock.now() + 3_600_000);
    expect(credentials.clientId).toBe('client_id+1');
    expect(credentials.clientSecret).toBe('secret+1');
    expect(credentials.tokenUri).toBe(server.urlOf('/token'));
    expect(credentials.revokeUri).toBe(server.urlOf('/revoke'));
    expect(credentials.tokenInfoUri).toBe(server.urlOf('/tokeninfo'));
    expect(credentials.userAgent).toBe('unittest-sample/1.0');
    expect([...credentials.scopes]).toEqual(['email', DRIVE]);
    expect(credentials.tokenResponse).toEqual({
      access_token: 'at',
      expires_in: 3600,
      refresh_token: 'rt',
    });
  });

  it('with PKCE, finds the verifier by the callback state and sends it; no client_secret when absent', async () => {
    server.route('POST', '/token', { body: { access_token: 'at' } });
    const flow = flowFor({ clientSecret: undefined, authorizationHeader: 'Basic abc' });
    const first = flow.step1GetAuthorizeUrl();
    const second = flow.step1GetAuthorizeUrl({ redirectUri: 'http://127.0.0.1:1/other' });
    const credentials = await flow.step2Exchange(
      new URLSearchParams({ code: 'c1', state: first.state }),
    );
    await flow.step2Exchange({ code: 'c2', state: second.state, scope: 'ignored' });
    const [a, b] = server.requestsTo('/token');
    expect(a?.form.get('code_verifier')).toBe(first.codeVerifier);
    expect(a?.form.get('redirect_uri')).toBe('http://localhost:8080/oauth2callback');
    expect(a?.form.has('client_secret')).toBe(false);
    expect([...(a?.form.keys() ?? [])]).toEqual([
      'client_id',
      'code',
      'scope',
      'code_verifier',
      'grant_type',
      'redirect_uri',
    ]);
    expect(a?.headers.authorization).toBe('Basic abc');
    expect(b?.form.get('code_verifier')).toBe(second.codeVerifier);
    expect(b?.form.get('redirect_uri')).toBe('http://127.0.0.1:1/other');
    expect(credentials.tokenExpiry).toBeNull();
    expect(credentials.clientSecret).toBeNull();
  });

  it('exchanges in another flow object when given the verifier, state and redirect URI back', async () => {
    server.route('POST', '/token', { body: { access_token: 'at' } });
    const saved = JSON.parse(JSON.stringify(flowFor().step1GetAuthorizeUrl())) as Record<
      string,
      string
    >;
    const credentials = await flowFor().step2Exchange(
      { code: 'c', state: saved.state },
      {
        expectedState: saved.state,
        codeVerifier: saved.codeVerifier,
        redirectUri: saved.redirectUri,
      },
    );
    expect(credentials.accessToken).toBe('at');
    expect(server.requestsTo('/token')[0]?.form.get('code_verifier')).toBe(saved.codeVerifier);
  });

  it('checks the ID token nonce for OpenID logins', async () => {
    const flow = flowFor({ scope: 'openid email' });
    const good = flow.step1GetAuthorizeUrl();
    const bad = flow.step1GetAuthorizeUrl();
    server.route(
      'POST',
      '/token',
      { body: { access_token: 'at', id_token: jwt({ sub: '1', nonce: good.nonce }) } },
      { body: { access_token: 'at', id_token: jwt({ sub: '1', nonce: 'replayed' }) } },
      { body: { access_token: 'at', id_token: jwt({ sub: '1' }) } },
    );
    const credentials = await flow.step2Exchange({ code: 'c', state: good.state });
    expect(credentials.idToken?.nonce).toBe(good.nonce);
    await expect(flow.step2Exchange({ code: 'c', state: bad.state })).rejects.toMatchObject({
      code: 'nonce_mismatch',
    });
    await expect(
      flowFor().step2Exchange('c', { codeVerifier: 'v'.repeat(43), expectedNonce: 'n' }),
    ).rejects.toMatchObject({ code: 'nonce_mismatch' });
  });

  it('a bare code after step 1 uses the latest request, as oauth2client did', async () => {
    server.route('POST', '/token', { body: { access_token: 'at' } });
    const flow = flowFor();
    const req = flow.step1GetAuthorizeUrl({ redirectUri: 'http://127.0.0.1:2/cb' });
    await flow.step2Exchange('code');
    expect(server.requestsTo('/token')[0]?.form.get('code_verifier')).toBe(req.codeVerifier);
    expect(server.requestsTo('/token')[0]?.form.get('redirect_uri')).toBe('http://127.0.0.1:2/cb');
  });

  it.each([
    ['a wrong state', (s: string) => ({ code: 'c', state: `${s}x` })],
    ['no state', () => ({ code: 'c' })],
    ['a state given with a bare code', (s: string) => ['c', { state: `${s}x` }] as const],
  ])('refuses %s without sending anything', async (_label, make) => {
    const flow = flowFor();
    const { state } = flow.step1GetAuthorizeUrl();
    const made = make(state);
    const call = Array.isArray(made)
      ? flow.step2Exchange(made[0], made[1])
      : flow.step2Exchange(made as Record<string, string>);
    await expect(call).rejects.toMatchObject({ name: 'FlowExchangeError', code: 'state_mismatch' });
    expect(server.count('/token')).toBe(0);
  });

  it('refuses a mismatching expectedState and a missing verifier', async () => {
    await expect(
      flowFor().step2Exchange(
        { code: 'c', state: 'a' },
        { expectedState: 'b', codeVerifier: 'x'.repeat(43) },
      ),
    ).rejects.toMatchObject({
      code: 'state_mismatch',
    });
    await expect(flowFor().step2Exchange('c')).rejects.toMatchObject({
      code: 'missing_code_verifier',
    });
    expect(server.count('/token')).toBe(0);
  });

  it('reads error callbacks as oauth2client did', async () => {
    const flow = flowFor();
    await expect(
      flow.step2Exchange({ error: 'access_denied', error_description: 'no' }),
    ).rejects.toMatchObject({
      message: 'access_denied',
      code: 'access_denied',
      errorDescription: 'no',
    });
    await expect(flow.step2Exchange({ state: 'x' })).rejects.toThrow(
      'No code was supplied in the query parameters.',
    );
    await expect(flow.step2Exchange(new URLSearchParams('code=a&code=b'))).rejects.toThrow(
      'more than one "code"',
    );
    expect(server.count('/token')).toBe(0);
  });

  it('parses form-encoded responses, renames expires, decodes the id_token and prefers the granted scope', async () => {
    const idToken = jwt({ sub: '123', email: 'a@example.com' });
    server.route(
      'POST',
      '/token',
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'access_token=SlAV32&expires=3600',
      },
      { body: { access_token: 'at', id_token: idToken, scope: 'email' } },
      { body: { access_token: 'at', id_token: 'a.b' } },
    );
    const flow = flowFor({ pkce: false });
    const a = await flow.step2Exchange('c');
    expect(a.accessToken).toBe('SlAV32');
    expect(a.tokenExpiry?.getTime()).toBe(clock.now() + 3_600_000);
    expect(a.tokenResponse).toEqual({ access_token: 'SlAV32', expires_in: '3600' });
    const b = await flow.step2Exchange('c');
    expect(b.idToken).toEqual({ sub: '123', email: 'a@example.com' });
    expect(b.idTokenJwt).toBe(idToken);
    expect([...b.scopes]).toEqual(['email']);
    await expect(flow.step2Exchange('c')).rejects.toBeInstanceOf(VerifyJwtTokenError);
  });

  it.each([
    [
      400,
      { error: 'invalid_grant', error_description: 'Malformed auth code.' },
      'invalid_grant: Malformed auth code.',
      'invalid_grant',
    ],
    [400, { error: 'invalid_grant' }, 'invalid_grant', 'invalid_grant'],
    [401, 'error=invalid_client&error_description=nope', 'invalid_client: nope', 'invalid_client'],
    [500, '<html>oops</html>', 'Invalid response: 500.', 'flow_exchange_failed'],
    [200, { error: 'invalid_grant', error_description: 'x' }, 'invalid_grant: x', 'invalid_grant'],
    [
      200,
      { token_type: 'Bearer' },
      /^Invalid response: 200\. .*"access_token"/,
      'invalid_token_response',
    ],
    [200, '[1]', /^Invalid response: 200\./, 'invalid_token_response'],
  ])('status %s with %j fails with FlowExchangeError %s', async (status, body, message, code) => {
    server.route('POST', '/token', { status, body });
    const err = (await flowFor({ pkce: false })
      .step2Exchange('c')
      .catch((e: unknown) => e)) as FlowExchangeError;
    expect(err).toBeInstanceOf(FlowExchangeError);
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(server.count('/token')).toBe(1);
  });

  it('a refused code: "error: error_description" in the message, each field kept apart', async () => {
    server.route('POST', '/token', {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Malformed auth code.' },
    });
    const err = (await flowFor({ pkce: false })
      .step2Exchange('c')
      .catch((e: unknown) => e)) as FlowExchangeError;
    expect(err.message).toBe('invalid_grant: Malformed auth code.');
    expect([err.code, err.error, err.errorDescription, err.status]).toEqual([
      'invalid_grant',
      'invalid_grant',
      'Malformed auth code.',
      400,
    ]);
  });

  describe('C8: a code is sent at most once', () => {
    it('a 502 after the body was sent: FlowExchangeError and exactly 1 POST', async () => {
      server.route(
        'POST',
        '/token',
        { status: 502, body: 'bad gateway' },
        { body: { access_token: 'late' } },
      );
      await expect(flowFor({ pkce: false }).step2Exchange('c')).rejects.toMatchObject({
        name: 'FlowExchangeError',
        status: 502,
        message: 'Invalid response: 502.',
      });
      expect(server.count('/token')).toBe(1);
    });

    it('a reset or a timeout after sending: FlowExchangeError, not retried', async () => {
      server.route(
        'POST',
        '/token',
        { reset: true },
        { hang: true },
        { body: { access_token: 'late' } },
      );
      // The reset runs under the default 10 s timeout (a busy machine cannot turn it into a
      // timeout); only the hang needs a short one.
      await expect(flowFor({ pkce: false }).step2Exchange('c')).rejects.toMatchObject({
        name: 'FlowExchangeError',
        code: 'network_error',
      });
      expect(server.count('/token')).toBe(1);
      const flow = flowFor({ pkce: false, timeoutMs: 150 });
      await expect(flow.step2Exchange('c')).rejects.toMatchObject({
        name: 'FlowExchangeError',
        code: 'timeout',
      });
      expect(server.count('/token')).toBe(2);
    });

    it('connection refused before sending: one more try at most', async () => {
      const closed = await closedPortUrl();
      let calls = 0;
      const refusing = flowFor({
        pkce: false,
        tokenUri: `${closed}/token`,
        fetch: (u, i) => {
          calls++;
          return fetch(u, i);
        },
      });
      await expect(refusing.step2Exchange('c')).rejects.toMatchObject({
        name: 'FlowExchangeError',
        code: 'network_error',
      });
      expect(calls).toBe(2);

      server.route('POST', '/token', { body: { access_token: 'at' } });
      let n = 0;
      const flaky = flowFor({
        pkce: false,
        fetch: (u, i) => (n++ === 0 ? fetch(`${closed}/token`, i) : fetch(u, i)),
      });
      expect((await flaky.step2Exchange('c')).accessToken).toBe('at');
      expect(n).toBe(2);
      expect(server.count('/token')).toBe(1);
    });

    it('an abort during the exchange rejects with the abort reason; the code is not resent', async () => {
      server.route('POST', '/token', { delayMs: 5_000, body: { access_token: 'x' } });
      const controller = new AbortController();
      const reason = new Error('stop');
      const call = flowFor({ pkce: false }).step2Exchange('c', { signal: controller.signal });
      call.catch(() => {});
      while (server.count('/token') === 0) await new Promise((r) => setTimeout(r, 5));
      const abortedAt = performance.now();
      controller.abort(reason);
      await expect(call).rejects.toBe(reason);
      // 1 s (a wide margin) still tells a cancelled request from the 5 s answer.
      expect(performance.now() - abortedAt).toBeLessThan(1_000);
      await new Promise((r) => setTimeout(r, 20));
      expect(server.count('/token')).toBe(1);
    });
  });

  it('Z1/Z2: secrets never show in errors, URLs or inspect output', async () => {
    const secret = canary('secret-');
    const flow = flowFor({ clientSecret: secret });
    const req = flow.step1GetAuthorizeUrl();
    expect(req.url).not.toContain(CANARY_PREFIX);
    expect(inspect(flow)).toContain('[redacted]');
    assertNoCanary(flow, 'flow');
    expect(inspect(req)).toContain('[redacted]');
    expect(inspect(req)).not.toContain(req.codeVerifier);
    const code = canary('4/');
    const token = canary('ya29.');
    server.route(
      'POST',
      '/token',
      { status: 400, body: { error: 'invalid_grant' } },
      { status: 200, body: { access_token: token, refresh_token: canary('1/'), id_token: 'x' } },
      { reset: true },
    );
    const verifier = canary();
    const errors = [
      await flow.step2Exchange({ code, state: 'nope' }).catch((e: unknown) => e),
      await flowFor({ clientSecret: secret })
        .step2Exchange(code, { codeVerifier: verifier })
        .catch((e: unknown) => e),
      await flowFor({ clientSecret: secret })
        .step2Exchange(code, { codeVerifier: verifier })
        .catch((e: unknown) => e),
      await flowFor({ clientSecret: secret })
        .step2Exchange(code, { codeVerifier: verifier })
        .catch((e: unknown) => e),
    ];
    expect(errors.map((e) => (e as OAuth2Error).code)).toEqual([
      'state_mismatch',
      'invalid_grant',
      'verify_jwt_failed',
      'network_error',
    ]);
    for (const e of errors) assertNoCanary(e, 'error');
    for (const r of server.requests) expect(r.url).not.toContain(CANARY_PREFIX);
  });
});

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
