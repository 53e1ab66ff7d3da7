import { assertNoCanary } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  AccessTokenCredentials,
  MemoryStorage,
  OAuth2Credentials,
  TokenInfoError,
  TokenRevokeError,
} from '../src/index.js';
import { makeCredentials, useTokenServer } from './helpers.js';

const server = useTokenServer();
let n = 0;

async function stored(overrides: Parameters<typeof makeCredentials>[1] = {}) {
  const path = `/revoke-${++n}`;
  const storage = new MemoryStorage();
  const c = makeCredentials(server, { revokeUri: server.urlOf(path), ...overrides });
  await storage.put(c);
  c.setStore(storage);
  return { c, storage, path };
}

describe('revoke (spec §3.6, §17.3 item 14, adversarial C14)', () => {
  it('POSTs the refresh token and the client authentication in a form body; 200 → invalid and deleted from the store', async () => {
    const { c, storage, path } = await stored();
    server.route('POST', path, { body: '' });
    await c.revoke();
    const [req] = server.requestsTo(path);
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(path);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers['user-agent']).toBe('refresh_checker/1.0');
    expect(req?.headers.authorization).toBeUndefined();
    expect([...(req?.form ?? [])]).toEqual([
      ['token', c.refreshToken],
      ['token_type_hint', 'refresh_token'],
      ['client_id', 'client-id'],
      ['client_secret', c.clientSecret],
    ]);
    expect(c.invalid).toBe(true);
    expect(storage.backend.value).toBeUndefined();
  });

  it('without a refresh token, revokes the access token (hint access_token)', async () => {
    const { c, path } = await stored({ refreshToken: null });
    server.route('POST', path, { body: '' });
    await c.revoke();
    const form = server.requestsTo(path)[0]?.form;
    expect(form?.get('token')).toBe(c.accessToken);
    expect(form?.get('token_type_hint')).toBe('access_token');
  });

  it('a public client (no secret) sends its client_id alone', async () => {
    const { c, path } = await stored({ clientSecret: null });
    server.route('POST', path, { body: '' });
    await c.revoke();
    const form = server.requestsTo(path)[0]?.form;
    expect(form?.get('client_id')).toBe('client-id');
    expect(form?.has('client_secret')).toBe(false);
  });

  it('AccessTokenCredentials revoke the access token, with no client authentication', async () => {
    const path = `/revoke-${++n}`;
    server.route('POST', path, { body: '' });
    const c = new AccessTokenCredentials({
      accessToken: 'CANARY-at',
      revokeUri: server.urlOf(path),
    });
    await c.revoke();
    expect([...(server.requestsTo(path)[0]?.form ?? [])]).toEqual([
      ['token', 'CANARY-at'],
      ['token_type_hint', 'access_token'],
    ]);
    expect(c.invalid).toBe(true);
  });

  it('400 invalid_token counts as already revoked: deleted locally', async () => {
    const { c, storage, path } = await stored();
    server.route('POST', path, { status: 400, body: { error: 'invalid_token' } });
    await c.revoke();
    expect(c.invalid).toBe(true);
    expect(storage.backend.value).toBeUndefined();
  });

  it('503 + Retry-After → retryable TokenRevokeError with retryAfter; the local copy is kept', async () => {
    const { c, storage, path } = await stored();
    const before = storage.backend.value;
    server.route('POST', path, { status: 503, headers: { 'retry-after': '120' } });
    const err = await c.revoke().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRevokeError);
    expect(err).toMatchObject({
      message: 'Invalid response 503.',
      retryable: true,
      retryAfter: 120,
      status: 503,
    });
    expect(server.count(path)).toBe(1);
    expect(c.invalid).toBe(false);
    expect(storage.backend.value).toBe(before);
    assertNoCanary(err, 'the revoke error');
  });

  it.each([
    [400, { error: 'invalid_request' }, 'invalid_request', false],
    [500, 'oops', 'Invalid response 500.', true],
  ])('%i → TokenRevokeError(%j), store kept', async (status, body, message, retryable) => {
    const { c, storage, path } = await stored();
    const before = storage.backend.value;
    server.route('POST', path, { status, body });
    await expect(c.revoke()).rejects.toMatchObject({
      name: 'TokenRevokeError',
      message,
      retryable,
    });
    expect(storage.backend.value).toBe(before);
  });

  it('a hanging revoke endpoint → retryable TokenRevokeError at the per-attempt timeout', async () => {
    const { c, storage, path } = await stored({ timeoutMs: 200 });
    const before = storage.backend.value;
    server.route('POST', path, { hang: true });
    const started = performance.now();
    const err = await c.revoke().catch((e: unknown) => e);
    // The configured 200 ms applies, not the 10 s default: a wide margin between the two.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.count(path)).toBe(1); // one attempt: a revoke is never retried
    expect(err).toBeInstanceOf(TokenRevokeError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).cause).toMatchObject({ code: 'timeout' });
    expect(storage.backend.value).toBe(before);
    assertNoCanary(err, 'the revoke error');
  });

  it('refuses without a revoke URI or a token', async () => {
    await expect(new OAuth2Credentials({ accessToken: 'a' }).revoke()).rejects.toThrow(
      /revoke_uri/,
    );
    await expect(new OAuth2Credentials({ revokeUri: 'https://x' }).revoke()).rejects.toThrow(
      /no token/,
    );
  });
});

describe('scopes (spec §3.7, §17.3 item 15, adversarial C14)', () => {
  it('hasScopes accepts a string or a list and is a subset test', () => {
    const c = new OAuth2Credentials({ scopes: ['a', 'b', 'c'] });
    expect(c.hasScopes('a b')).toBe(true);
    expect(c.hasScopes(['c'])).toBe(true);
    expect(c.hasScopes(['a', 'd'])).toBe(false);
    expect(new OAuth2Credentials().hasScopes('a')).toBe(false);
  });

  it('retrieveScopes sends the token in the body (never the URL) and sets scopes', async () => {
    const path = `/tokeninfo-${++n}`;
    server.route('POST', path, { body: { scope: 'email profile' } });
    const c = makeCredentials(server, { tokenInfoUri: server.urlOf(path), scopes: 'old' });
    const scopes = await c.retrieveScopes();
    expect([...scopes]).toEqual(['email', 'profile']);
    expect([...c.scopes]).toEqual(['email', 'profile']);
    const [req] = server.requestsTo(path);
    expect(req?.url).toBe(path);
    // Google's tokeninfo is not RFC 7662 introspection: it takes no client authentication, so
    // the client secret never goes there.
    expect([...(req?.form ?? [])]).toEqual([
      ['access_token', c.accessToken],
      ['fields', 'scope'],
    ]);
  });

  it.each([
    [400, { error: 'invalid_token', error_description: 'Invalid Value' }, 'Invalid Value'],
    [400, { error: 'invalid_token' }, 'Invalid response 400.'],
    [500, 'x', 'Invalid response 500.'],
  ])('%i %j → TokenInfoError(%s), scopes unchanged', async (status, body, message) => {
    const path = `/tokeninfo-${++n}`;
    server.route('POST', path, { status, body });
    const c = makeCredentials(server, { tokenInfoUri: server.urlOf(path), scopes: 'kept' });
    const err = await c.retrieveScopes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenInfoError);
    expect((err as Error).message).toBe(message);
    expect([...c.scopes]).toEqual(['kept']);
    assertNoCanary(err, 'the tokeninfo error');
  });
});
