import type { RecordedRequest } from '@oauth2/test-kit';
import { assertNoCanary, canary, fixtureJson } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  AccessTokenCredentials,
  AccessTokenCredentialsError,
  AccessTokenRefreshError,
  MemoryStorage,
  OAuth2Credentials,
} from '../src/index.js';
import { makeCredentials, tokenBody, useTokenServer } from './helpers.js';

const server = useTokenServer();
let n = 0;
const HOUR = 3600_000;

/** A token route and an API route, both fresh. */
function routes() {
  n++;
  return { token: `/token-${n}`, api: `/api-${n}` };
}
const auths = (reqs: RecordedRequest[]) => reqs.map((r) => r.headers.authorization);

describe('authorize(): headers (spec §2.4, §17.3 item 6)', () => {
  it('adds Authorization: Bearer and prefixes the caller user agent (wire vector)', async () => {
    const vectors = fixtureJson<{ authorized_request_headers: Record<string, string> }>(
      'v1.5.2-wire-vectors.json',
    );
    const { api } = routes();
    server.route('GET', api, { body: 'ok' });
    const c = new OAuth2Credentials({ accessToken: 'foo', userAgent: 'refresh_checker/1.0' });
    const res = await c.authorize()(server.urlOf(api), { headers: { 'user-agent': 'my-app/2.0' } });
    expect(res.status).toBe(200);
    const [req] = server.requestsTo(api);
    expect(req?.headers.authorization).toBe(vectors.authorized_request_headers.Authorization);
    expect(req?.headers['user-agent']).toBe(vectors.authorized_request_headers['user-agent']);
  });

  it('sets the credential user agent when the caller has none, and leaves the caller one without', async () => {
    const { api } = routes();
    server.route('GET', api, { body: 'ok' });
    await new OAuth2Credentials({ accessToken: 'a', userAgent: 'creds/1' }).authorize()(
      server.urlOf(api),
    );
    await new OAuth2Credentials({ accessToken: 'a' }).authorize()(server.urlOf(api), {
      headers: { 'User-Agent': 'caller/2' },
    });
    expect(server.requestsTo(api).map((r) => r.headers['user-agent'])).toEqual([
      'creds/1',
      'caller/2',
    ]);
  });

  it('with no access token, refreshes first and never sends an empty bearer', async () => {
    const { token, api } = routes();
    const body = tokenBody();
    server.route('POST', token, { body });
    server.route('GET', api, { body: 'ok' });
    const c = makeCredentials(server, { accessToken: null, tokenUri: server.urlOf(token) });
    const res = await c.authorize()(server.urlOf(api));
    expect(res.status).toBe(200);
    expect(server.count(token)).toBe(1);
    expect(auths(server.requestsTo(api))).toEqual([`Bearer ${body.access_token}`]);
  });

  it('refreshes before sending when the token is about to expire', async () => {
    const { token, api } = routes();
    const body = tokenBody();
    server.route('POST', token, { body });
    server.route('GET', api, { body: 'ok' });
    const c = makeCredentials(server, {
      tokenUri: server.urlOf(token),
      tokenExpiry: new Date(Date.now() + 60_000),
    });
    await c.authorize()(server.urlOf(api));
    expect(auths(server.requestsTo(api))).toEqual([`Bearer ${body.access_token}`]);
  });

  it('apply() sets the header on Headers and on a plain object, and refuses without a token', () => {
    const c = new OAuth2Credentials({ accessToken: 'tok' });
    const headers = new Headers();
    c.apply(headers);
    const record: Record<string, string> = {};
    c.apply(record);
    expect([headers.get('authorization'), record.Authorization]).toEqual([
      'Bearer tok',
      'Bearer tok',
    ]);
    expect(() => new OAuth2Credentials().apply(new Headers())).toThrow(AccessTokenRefreshError);
  });
});

/** Fresh routes: the token route answers `body`; the API answers a POST with one 401, then ok. */
function oneUnauthorizedPost() {
  const { token, api } = routes();
  const body = tokenBody();
  server.route('POST', token, { body });
  server.route('POST', api, { status: 401 }, { body: 'ok' });
  return { token, api, body, c: makeCredentials(server, { tokenUri: server.urlOf(token) }) };
}

describe('authorize(): 401 handling (spec §2.4, §17.3 item 7, adversarial C9)', () => {
  it('one 401 → one refresh and one replay of the body, then success', async () => {
    const { token, api, body, c } = oneUnauthorizedPost();
    const old = c.accessToken;
    const res = await c.authorize()(server.urlOf(api), { method: 'POST', body: 'payload=1' });
    expect(await res.text()).toBe('ok');
    expect(server.count(token)).toBe(1);
    const sent = server.requestsTo(api);
    expect(auths(sent)).toEqual([`Bearer ${old}`, `Bearer ${body.access_token}`]);
    expect(sent.map((r) => r.body)).toEqual(['payload=1', 'payload=1']);
  });

  it('a second 401 → a second refresh; a third 401 is returned to the caller', async () => {
    const { token, api } = routes();
    server.route('POST', token, () => ({ body: tokenBody() }));
    server.route('GET', api, { status: 401, body: { error: 'nope' } });
    const c = makeCredentials(server, { tokenUri: server.urlOf(token) });
    const res = await c.authorize()(server.urlOf(api));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'nope' });
    expect(server.count(token)).toBe(2);
    expect(server.count(api)).toBe(3);
    expect(new Set(auths(server.requestsTo(api))).size).toBe(3);
  });

  it('401, 401, 200 → two refreshes, three sends, success', async () => {
    const { token, api } = routes();
    server.route('POST', token, () => ({ body: tokenBody() }));
    server.route('GET', api, { status: 401 }, { status: 401 }, { body: 'ok' });
    const c = makeCredentials(server, { tokenUri: server.urlOf(token) });
    const res = await c.authorize()(server.urlOf(api));
    expect(res.status).toBe(200);
    expect([server.count(token), server.count(api)]).toEqual([2, 3]);
  });

  it('a 400 is returned without a refresh and without touching tokenResponse', async () => {
    const { token, api } = routes();
    server.route('GET', api, { status: 400, body: 'bad' });
    const c = makeCredentials(server, {
      tokenUri: server.urlOf(token),
      tokenResponse: { access_token: 'x' },
    });
    const res = await c.authorize()(server.urlOf(api));
    expect(res.status).toBe(400);
    expect(server.count(token)).toBe(0);
    expect(c.tokenResponse).toEqual({ access_token: 'x' });
  });

  it('a stream body is not replayed: the 401 is returned, and the next call refreshes first', async () => {
    const { token, api, body, c } = oneUnauthorizedPost();
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const authed = c.authorize();
    const res = await authed(server.urlOf(api), {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(401);
    expect([server.count(token), server.count(api)]).toEqual([0, 1]);
    const next = await authed(server.urlOf(api), { method: 'POST', body: 'again' });
    expect(next.status).toBe(200);
    expect(server.count(token)).toBe(1);
    expect(server.requestsTo(api)[1]?.headers.authorization).toBe(`Bearer ${body.access_token}`);
  });

  it('a Request object with a body is replayed (cloned) after a 401', async () => {
    const { token, api } = routes();
    server.route('POST', token, { body: tokenBody() });
    server.route('PUT', api, { status: 401 }, { body: 'ok' });
    const c = makeCredentials(server, { tokenUri: server.urlOf(token) });
    const res = await c.authorize()(
      new Request(server.urlOf(api), { method: 'PUT', body: 'data' }),
    );
    expect(res.status).toBe(200);
    expect(server.requestsTo(api).map((r) => r.body)).toEqual(['data', 'data']);
  });

  it('50 concurrent requests that all get a 401 share one refresh', async () => {
    const { token, api } = routes();
    const body = tokenBody();
    server.route('POST', token, { delayMs: 30, body });
    server.route('GET', api, (req) => ({
      status: req.headers.authorization === `Bearer ${body.access_token}` ? 200 : 401,
    }));
    const c = makeCredentials(server, { tokenUri: server.urlOf(token) });
    const authed = c.authorize();
    const results = await Promise.all(Array.from({ length: 50 }, () => authed(server.urlOf(api))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.count(token)).toBe(1);
  });

  it('a failing refresh after a 401 rejects with the refresh error, without secrets', async () => {
    const { token, api } = routes();
    server.route('POST', token, { status: 400, body: { error: 'invalid_grant' } });
    server.route('GET', api, { status: 401 });
    const c = makeCredentials(server, { tokenUri: server.urlOf(token) });
    const err = await c
      .authorize()(server.urlOf(api))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_grant', status: 400 });
    assertNoCanary(err, 'the refresh error');
  });
});

describe('store-aware refresh (spec §2.5, §17.3 item 11)', () => {
  it('adopts a different valid token from the store without any HTTP request', async () => {
    const { token } = routes();
    server.route('POST', token, { status: 500 });
    const storage = new MemoryStorage();
    const mine = makeCredentials(server, {
      tokenUri: server.urlOf(token),
      tokenExpiry: new Date(Date.now() - HOUR),
    });
    const theirs = makeCredentials(server, {
      tokenUri: server.urlOf(token),
      tokenExpiry: new Date(Date.now() + HOUR),
      refreshToken: mine.refreshToken,
    });
    await storage.put(theirs);
    mine.setStore(storage);
    expect((await mine.getAccessToken()).accessToken).toBe(theirs.accessToken);
    expect(server.count(token)).toBe(0);
    // The store holds whole seconds (token_expiry format), so the adopted expiry is truncated.
    expect(mine.tokenExpiry?.getTime()).toBe(
      Math.floor((theirs.tokenExpiry?.getTime() ?? 0) / 1000) * 1000,
    );
  });

  it('does not adopt an invalid or expired stored token: refreshes and writes the full credential', async () => {
    for (const stored of [{ invalid: true }, { tokenExpiry: new Date(Date.now() - 1000) }]) {
      const { token } = routes();
      const body = tokenBody();
      server.route('POST', token, { body });
      const storage = new MemoryStorage();
      await storage.put(makeCredentials(server, { tokenUri: server.urlOf(token), ...stored }));
      const mine = makeCredentials(server, { tokenUri: server.urlOf(token), accessToken: null });
      mine.setStore(storage);
      expect((await mine.getAccessToken()).accessToken).toBe(body.access_token);
      expect(server.count(token)).toBe(1);
      expect(storage.backend.value).toBe(mine.toJson());
    }
  });

  it('"stored token also rejected": 401 → adopt the stored token → 401 → HTTP refresh → 200', async () => {
    const { token, api } = routes();
    const fresh = tokenBody();
    server.route('POST', token, { body: fresh });
    server.route('GET', api, (req) => ({
      status: req.headers.authorization === `Bearer ${fresh.access_token}` ? 200 : 401,
    }));
    const storage = new MemoryStorage();
    const mine = makeCredentials(server, { tokenUri: server.urlOf(token) });
    const theirs = makeCredentials(server, {
      tokenUri: server.urlOf(token),
      tokenExpiry: new Date(Date.now() + HOUR),
    });
    await storage.put(theirs);
    mine.setStore(storage);
    const old = mine.accessToken;
    const res = await mine.authorize()(server.urlOf(api));
    expect(res.status).toBe(200);
    expect(server.count(token)).toBe(1);
    expect(auths(server.requestsTo(api))).toEqual([
      `Bearer ${old}`,
      `Bearer ${theirs.accessToken}`,
      `Bearer ${fresh.access_token}`,
    ]);
    expect(JSON.parse(storage.backend.value ?? '{}').access_token).toBe(fresh.access_token);
  });
});

describe('AccessTokenCredentials (spec §1.4, §17.3 item 13)', () => {
  it('a 401 cannot be refreshed: AccessTokenCredentialsError', async () => {
    const { api } = routes();
    server.route('GET', api, { status: 401 });
    const c = new AccessTokenCredentials({ accessToken: canary(), userAgent: 'ua/1' });
    const err = await c
      .authorize()(server.urlOf(api))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessTokenCredentialsError);
    expect((err as Error).message).toBe(
      "The access_token is expired or invalid and can't be refreshed.",
    );
    expect(server.count(api)).toBe(1);
    await expect(c.refresh()).rejects.toBeInstanceOf(AccessTokenCredentialsError);
  });

  it('sends the token while it is valid', async () => {
    const { api } = routes();
    server.route('GET', api, { body: 'ok' });
    const accessToken = canary();
    const res = await new AccessTokenCredentials({ accessToken }).authorize()(server.urlOf(api));
    expect(res.status).toBe(200);
    expect(server.requestsTo(api)[0]?.headers.authorization).toBe(`Bearer ${accessToken}`);
  });
});
