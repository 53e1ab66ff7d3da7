import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { assertNoCanary, canary } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  AccessTokenCredentials,
  Credentials,
  GoogleCredentials,
  MemoryStorage,
  OAuth2Credentials,
} from '../src/index.js';
import { assertNoSecretInUrls, makeCredentials, useTokenServer } from './helpers.js';

/** Adversarial Z1/Z2: secrets never show up in logs, inspect, JSON.stringify, errors or URLs. */
const server = useTokenServer();
let n = 0;

function everySecret(): OAuth2Credentials {
  const jwt = `e30.${Buffer.from(JSON.stringify({ sub: canary() })).toString('base64url')}.${canary()}`;
  const c = new OAuth2Credentials({
    accessToken: canary('at-'),
    clientId: 'client-id',
    clientSecret: canary('cs-'),
    refreshToken: canary('rt-'),
    tokenExpiry: new Date(Date.UTC(2030, 0, 1)),
    tokenUri: 'https://example.com/token',
    userAgent: 'ua/1',
    idToken: { sub: canary('sub-'), email: 'x@example.com' },
    idTokenJwt: jwt,
    tokenResponse: { access_token: canary(), id_token: jwt, expires_in: 3600 },
    scopes: 'email',
  });
  const data = JSON.parse(c.toJson()) as Record<string, unknown>;
  return OAuth2Credentials.fromJson({ ...data, private_key: canary('pk-') });
}

function captureConsole(fn: (console: Console) => void): string {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  fn(new Console({ stdout: stream, stderr: stream }));
  return Buffer.concat(chunks).toString('utf8');
}

describe('credentials render redacted (adversarial Z2)', () => {
  const kinds: [string, () => Credentials][] = [
    ['OAuth2Credentials', everySecret],
    [
      'GoogleCredentials',
      () =>
        new GoogleCredentials({
          clientSecret: canary(),
          refreshToken: canary(),
          accessToken: canary(),
        }),
    ],
    ['AccessTokenCredentials', () => new AccessTokenCredentials({ accessToken: canary() })],
  ];

  it.each(kinds)(
    '%s: util.inspect, console.log and JSON.stringify show [redacted]',
    (_name, make) => {
      const c = make();
      const views = [
        inspect(c),
        inspect({ nested: [c] }, { depth: 5 }),
        inspect(c, { showHidden: true, depth: 10 }),
        captureConsole((con) => con.log(c)),
        captureConsole((con) => con.log('%o %O %j', c, c, c)),
        JSON.stringify(c),
        JSON.stringify({ c }),
      ];
      for (const view of views) {
        expect(view).not.toContain('CANARY-');
        expect(view).toContain('[redacted]');
      }
      assertNoCanary(c, 'a credential');
    },
  );

  it('the redacted view still shows what helps debugging', () => {
    const view = inspect(everySecret());
    expect(view).toContain('OAuth2Credentials');
    expect(view).toContain('client-id');
    expect(view).toContain('2030-01-01T00:00:00Z');
    expect(view).toContain('private_key');
    expect(JSON.parse(JSON.stringify(everySecret()))).toMatchObject({
      _class: 'OAuth2Credentials',
      accessToken: '[redacted]',
      refreshToken: '[redacted]',
      clientSecret: '[redacted]',
      idToken: '[redacted]',
      idTokenJwt: '[redacted]',
      tokenResponse: '[redacted]',
      otherKeys: { private_key: '[redacted]' },
      scopes: ['email'],
    });
  });

  it('toJson() is the real storage serialization and round-trips every secret', () => {
    const c = everySecret();
    const json = c.toJson();
    expect(json).toContain(c.accessToken as string);
    expect(json).toContain(c.refreshToken as string);
    expect(json).toContain(c.clientSecret as string);
    Credentials.register(OAuth2Credentials);
    expect(Credentials.newFromJson(json).toJson()).toBe(json);
  });

  it('secrets are not own enumerable properties', () => {
    const c = everySecret();
    expect(JSON.stringify(Object.entries(c))).not.toContain('CANARY-');
    expect(JSON.stringify({ ...c })).not.toContain('CANARY-');
  });
});

describe('errors never carry secrets (adversarial Z1)', () => {
  it('a server echoing our secrets in error/error_description gets them scrubbed', async () => {
    const path = `/token-${++n}`;
    const c = makeCredentials(server, { tokenUri: `${server.url}${path}` });
    server.route('POST', path, (req) => ({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: `bad refresh token ${req.form.get('refresh_token')} for ${req.form.get('client_secret')}`,
      },
    }));
    const err = await c.refresh().catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'invalid_grant: bad refresh token [redacted] for [redacted]',
    );
    assertNoCanary(err, 'the refresh error');
  });

  it('revoke and tokeninfo errors scrub echoed tokens too', async () => {
    const storage = new MemoryStorage();
    const c = makeCredentials(server, {
      revokeUri: server.urlOf(`/revoke-${++n}`),
      tokenInfoUri: server.urlOf(`/info-${n}`),
    });
    c.setStore(storage);
    server.route('POST', `/revoke-${n}`, (req) => ({
      status: 400,
      body: { error: `no ${req.form.get('token')}` },
    }));
    server.route('POST', `/info-${n}`, (req) => ({
      status: 400,
      body: { error_description: `bad ${req.form.get('access_token')}` },
    }));
    assertNoCanary(await c.revoke().catch((e: unknown) => e), 'the revoke error');
    assertNoCanary(await c.retrieveScopes().catch((e: unknown) => e), 'the tokeninfo error');
  });

  it('no request of any kind puts a secret in its URL', async () => {
    const c = makeCredentials(server, {
      accessToken: null,
      tokenUri: server.urlOf(`/t-${++n}`),
      revokeUri: server.urlOf(`/r-${n}`),
      tokenInfoUri: server.urlOf(`/i-${n}`),
    });
    server.route('POST', `/t-${n}`, { body: { access_token: canary(), expires_in: 3600 } });
    server.route('POST', `/i-${n}`, { body: { scope: 'a' } });
    server.route('POST', `/r-${n}`, { body: '' });
    server.route('GET', `/api-${n}`, { body: 'ok' });
    await c.authorize()(server.urlOf(`/api-${n}`));
    await c.retrieveScopes();
    await c.revoke();
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    assertNoSecretInUrls(server);
  });
});
