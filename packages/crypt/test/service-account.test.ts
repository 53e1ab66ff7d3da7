// long-file: service-account flows against one loopback token server
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Credentials, type FetchLike } from '@oauth2/core';
import {
  assertNoCanary,
  canary,
  FrozenClock,
  fixturePath,
  fixtureText,
  LoopbackServer,
  runPython,
  testKeys,
} from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CryptoUnavailableError,
  JwtAccessCredentials,
  ServiceAccountCredentials,
  ServiceAccountKeyError,
  SignedJwtAssertionCredentials,
  Verifier,
  verifySignedJwtWithCerts,
} from '../src/index.js';

const T0 = 1454328000;
const KEYFILE = fixturePath(
  'upstream-tests-data-v4.1.3/gcloud/application_default_credentials.json',
);
const decode = (jwt: string, i: number) =>
  JSON.parse(Buffer.from(jwt.split('.')[i] ?? '', 'base64url').toString());

/** A fetch that records token requests and answers like Google's token endpoint (wire-level mock). */
function tokenEndpoint(): { fetch: FetchLike; bodies: URLSearchParams[]; headers: Headers[] } {
  const bodies: URLSearchParams[] = [];
  const headers: Headers[] = [];
  const fetch: FetchLike = async (_input, init) => {
    bodies.push(new URLSearchParams(String(init?.body)));
    headers.push(new Headers(init?.headers));
    return Response.json({
      access_token: `ya29.${bodies.length}`,
      expires_in: 3600,
      token_type: 'Bearer',
    });
  };
  return { fetch, bodies, headers };
}

describe('ServiceAccountCredentials assertion (spec §5.5, acceptance 28)', () => {
  it('reproduces v4.1.3-service-account-assertion.txt byte for byte', async () => {
    const wire = tokenEndpoint();
    const credentials = ServiceAccountCredentials.fromPem(
      'some_account@example.com',
      testKeys.privateKeyPem,
      {
        privateKeyId: 'ABCDEF',
        scopes: 'read+write',
        clock: new FrozenClock(T0 * 1000),
        fetch: wire.fetch,
      },
    ).createDelegated('joe@example.org');
    await credentials.refresh();
    expect(wire.bodies[0]?.get('assertion')).toBe(
      fixtureText('v4.1.3-service-account-assertion.txt').trim(),
    );
    expect(credentials.accessToken).toBe('ya29.1');
  });

  describe('against the loopback token server', () => {
    let server: LoopbackServer;
    beforeAll(async () => {
      server = await LoopbackServer.start();
      server.route('POST', '/token', {
        body: { access_token: 'ya29.loopback', expires_in: 3600, token_type: 'Bearer' },
      });
    });
    afterAll(() => server.close());

    it('sends the jwt-bearer grant with the exact header and claims', async () => {
      const clock = new FrozenClock(T0 * 1000);
      const credentials = await ServiceAccountCredentials.fromJsonKeyfile(KEYFILE, {
        scopes: ['https://www.googleapis.com/auth/cloud-platform', 'email'],
        tokenUri: server.urlOf('/token'),
        clock,
      });
      const { accessToken, expiresIn } = await credentials.getAccessToken();
      expect(accessToken).toBe('ya29.loopback');
      expect(expiresIn).toBe(3600);
      const [request] = server.requestsTo('/token');
      expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect([...(request?.form.keys() ?? [])]).toEqual(['assertion', 'grant_type']);
      expect(request?.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
      const assertion = request?.form.get('assertion') ?? '';
      expect(Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString()).toBe(
        '{"typ":"JWT","alg":"RS256","kid":"ABCDEF"}',
      );
      expect(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString()).toBe(
        JSON.stringify({
          aud: server.urlOf('/token'),
          scope: 'https://www.googleapis.com/auth/cloud-platform email',
          iat: T0,
          exp: T0 + 3600,
          iss: 'dummy@google.com',
        }),
      );
      const claims = await verifySignedJwtWithCerts(
        assertion,
        testKeys.certsJson,
        server.urlOf('/token'),
        { clock },
      );
      expect(claims.iss).toBe('dummy@google.com');
    });
  });

  it('merges extra claims verbatim, last (legacy prn too), and leaves the original unchanged', async () => {
    const wire = tokenEndpoint();
    const base = ServiceAccountCredentials.fromPem('sa@example.com', testKeys.privateKeyPem, {
      scopes: 's',
      fetch: wire.fetch,
      clock: new FrozenClock(T0 * 1000),
    });
    const custom = base
      .createWithClaims({ prn: 'legacy@example.com', aud: 'override' })
      .createDelegated('u@example.com');
    await custom.refresh();
    const payload = decode(wire.bodies[0]?.get('assertion') ?? '', 1);
    expect(Object.keys(payload)).toEqual(['aud', 'scope', 'iat', 'exp', 'iss', 'prn', 'sub']);
    expect(payload.aud).toBe('override');
    expect(base.additionalClaims).toEqual({});
    expect(custom.additionalClaims).toEqual({
      prn: 'legacy@example.com',
      aud: 'override',
      sub: 'u@example.com',
    });
    const header = decode(wire.bodies[0]?.get('assertion') ?? '', 0);
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256' }); // no private_key_id: no kid
  });
});

describe('ServiceAccountCredentials API (spec §1.8)', () => {
  it('createScoped / createScopedRequired / serviceAccountEmail / serializationData', async () => {
    const credentials = await ServiceAccountCredentials.fromJsonKeyfile(KEYFILE);
    expect(credentials.createScopedRequired()).toBe(true);
    const scoped = credentials.createScoped(['a', 'b']);
    expect(scoped).toBeInstanceOf(ServiceAccountCredentials);
    expect(scoped.requestedScopes).toBe('a b');
    expect(scoped.createScopedRequired()).toBe(false);
    expect(credentials.requestedScopes).toBe('');
    expect(scoped.serviceAccountEmail).toBe('dummy@google.com');
    expect(scoped.serializationData).toEqual({
      type: 'service_account',
      client_email: 'dummy@google.com',
      private_key_id: 'ABCDEF',
      private_key: JSON.parse(
        fixtureText('upstream-tests-data-v4.1.3/gcloud/application_default_credentials.json'),
      ).private_key,
      client_id: '123',
    });
  });

  it('signBlob returns the key id and an RS256 signature', async () => {
    const credentials = await ServiceAccountCredentials.fromJsonKeyfile(KEYFILE);
    const { keyId, signature } = await credentials.signBlob('blob');
    expect(keyId).toBe('ABCDEF');
    expect(await Verifier.fromString(testKeys.publicCertPem, true).verify('blob', signature)).toBe(
      true,
    );
  });

  it('refuses bad key files with ServiceAccountKeyError naming the field, never a value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crypt-sa-'));
    const secret = `-----BEGIN PRIVATE KEY-----\n${canary()}\n-----END PRIVATE KEY-----\n`;
    const good = JSON.parse(
      fixtureText('upstream-tests-data-v4.1.3/gcloud/application_default_credentials.json'),
    );
    const cases: [Record<string, unknown> | string, RegExp][] = [
      [
        { ...good, type: 'authorized_user', private_key: secret },
        /Unexpected credentials type "authorized_user"/,
      ],
      [{ ...good, type: secret }, /Unexpected credentials type missing or invalid/],
      [{ ...good, client_email: undefined, private_key: secret }, /"client_email"/],
      [{ ...good, private_key_id: 7 }, /"private_key_id"/],
      [{ ...good, client_id: undefined }, /"client_id"/],
      [{ ...good, private_key: secret }, /private_key .* not usable/],
      [`{"private_key": "${canary()}"`, /Not valid JSON/],
    ];
    for (const [i, [content, message]] of cases.entries()) {
      const file = join(dir, `key-${i}.json`);
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
      const err = await ServiceAccountCredentials.fromJsonKeyfile(file).catch((e) => e);
      expect(err).toBeInstanceOf(ServiceAccountKeyError);
      expect(err.message).toMatch(message);
      expect(err.file).toBe(file);
      assertNoCanary(err);
    }
    const missing = await ServiceAccountCredentials.fromJsonKeyfile(join(dir, 'nope.json')).catch(
      (e) => e,
    );
    expect(missing).toBeInstanceOf(ServiceAccountKeyError);
    expect(missing.message).toMatch(/ENOENT/);
  });

  it('never shows the private key or tokens in inspect / JSON.stringify (Z2)', async () => {
    const wire = tokenEndpoint();
    const credentials = await ServiceAccountCredentials.fromJsonKeyfile(KEYFILE, {
      fetch: wire.fetch,
    });
    await credentials.refresh();
    const keyLine = testKeys.privateKeyPkcs8WithBagAttributes.split('\n')[5] ?? '';
    for (const text of [inspect(credentials, { depth: 10 }), JSON.stringify(credentials)]) {
      expect(text).not.toContain(keyLine);
      expect(text).not.toContain('ya29.1');
      expect(text).toContain('dummy@google.com');
    }
  });
});

describe('JSON compatibility (spec §1.6, §1.8; acceptance 5)', () => {
  beforeAll(() =>
    Credentials.register(
      ServiceAccountCredentials,
      JwtAccessCredentials,
      SignedJwtAssertionCredentials,
    ),
  );

  for (const name of [
    'v4.1.3-ServiceAccountCredentials-jsonkey.json',
    'v4.1.3-JWTAccessCredentials.json',
  ]) {
    it(`${name} loads through newFromJson and is rewritten byte for byte`, () => {
      const text = fixtureText(name);
      const credentials = Credentials.newFromJson(text);
      expect(credentials).toBeInstanceOf(ServiceAccountCredentials);
      expect(credentials instanceof JwtAccessCredentials).toBe(name.includes('JWTAccess'));
      expect(credentials.toJson()).toBe(text);
    });
  }

  it('the 1.5.2 SignedJwtAssertionCredentials fixture loads and round-trips (plus the 4.x id_token_jwt key)', () => {
    const text = fixtureText('v1.5.2-SignedJwtAssertionCredentials.json');
    const credentials = Credentials.newFromJson(text) as SignedJwtAssertionCredentials;
    expect(credentials).toBeInstanceOf(SignedJwtAssertionCredentials);
    expect(credentials.serviceAccountName).toBe('some_account@example.com');
    expect(credentials.additionalClaims).toEqual({ sub: 'joe@example.org' });
    const rewritten = JSON.parse(credentials.toJson());
    expect(rewritten).toEqual({ ...JSON.parse(text), id_token_jwt: null });
    expect(Credentials.newFromJson(credentials.toJson()).toJson()).toBe(credentials.toJson());
  });

  it('never shows the 1.5.2 private key or its password in inspect / JSON.stringify (Z2)', () => {
    const text = fixtureText('v1.5.2-SignedJwtAssertionCredentials.json');
    const credentials = Credentials.newFromJson(text);
    const encodedKey = JSON.parse(text).private_key as string;
    for (const rendering of [inspect(credentials, { depth: 10 }), JSON.stringify(credentials)]) {
      expect(rendering).not.toContain(encodedKey.slice(100, 140));
      expect(rendering).not.toContain('notasecret');
      expect(rendering).toContain('some_account@example.com');
    }
  });

  it('the 1.5.2 SignedJwtAssertionCredentials signs the fixture vector', async () => {
    const wire = tokenEndpoint();
    const credentials = SignedJwtAssertionCredentials.fromJson(
      fixtureText('v1.5.2-SignedJwtAssertionCredentials.json'),
      {
        fetch: wire.fetch,
        clock: new FrozenClock(T0 * 1000),
      },
    );
    await credentials.refresh();
    const assertion = wire.bodies[0]?.get('assertion') ?? '';
    expect(decode(assertion, 0)).toEqual({ typ: 'JWT', alg: 'RS256' });
    expect(decode(assertion, 1)).toEqual({
      aud: 'https://accounts.google.com/o/oauth2/token',
      scope: 'read+write',
      iat: T0,
      exp: T0 + 3600,
      iss: 'some_account@example.com',
      sub: 'joe@example.org',
    });
  });

  it('the 1.5.2 constructor shape works and a PKCS#12 key is refused with the openssl command', () => {
    const credentials = new SignedJwtAssertionCredentials(
      'sa@example.com',
      testKeys.privateKeyPem,
      ['a', 'b'],
      {
        additionalClaims: { sub: 'u@example.com' },
      },
    );
    expect(credentials.scope).toBe('a b');
    expect(credentials.privateKeyPassword).toBe('notasecret');
    expect(
      () => new SignedJwtAssertionCredentials('sa@example.com', testKeys.privateKeyP12, 's'),
    ).toThrow(/openssl pkcs12 -in key.p12 -nodes -nocerts/);
  });

  it('the p12 ServiceAccountCredentials fixture is refused with CryptoUnavailableError', () => {
    const err = (() => {
      try {
        Credentials.newFromJson(fixtureText('v4.1.3-ServiceAccountCredentials-p12.json'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CryptoUnavailableError);
    expect((err as Error).message).toContain('openssl pkcs12');
  });

  it('keeps token state and unknown keys through JSON', async () => {
    const wire = tokenEndpoint();
    const clock = new FrozenClock(T0 * 1000);
    const credentials = await ServiceAccountCredentials.fromJsonKeyfile(KEYFILE, {
      scopes: 'a',
      fetch: wire.fetch,
      clock,
    });
    await credentials.refresh();
    const data = { ...JSON.parse(credentials.toJson()), future_key: { x: 1 } };
    const reloaded = Credentials.newFromJson(data) as ServiceAccountCredentials;
    expect(reloaded.accessToken).toBe('ya29.1');
    expect(reloaded.tokenExpiry?.toISOString()).toBe('2016-02-01T13:00:00.000Z');
    expect(JSON.parse(reloaded.toJson()).future_key).toEqual({ x: 1 });
  });

  it('Python oauth2client reads what we write and signs the same assertion', async () => {
    const credentials = ServiceAccountCredentials.fromPem(
      'some_account@example.com',
      testKeys.privateKeyPem,
      {
        privateKeyId: 'ABCDEF',
        scopes: 'read+write',
        additionalClaims: { sub: 'joe@example.org' },
      },
    );
    const code = `
import json, sys, time
from unittest import mock
from oauth2client.client import Credentials
creds = Credentials.new_from_json(sys.stdin.read())
with mock.patch('time.time', return_value=${T0}):
    print(type(creds).__name__, creds.service_account_email, creds._generate_assertion().decode())
`;
    const [cls, email, assertion] = (await runPython(code, credentials.toJson())).trim().split(' ');
    expect(cls).toBe('ServiceAccountCredentials');
    expect(email).toBe('some_account@example.com');
    expect(assertion).toBe(fixtureText('v4.1.3-service-account-assertion.txt').trim());
  });
});

describe('JwtAccessCredentials (spec §1.8 _JWTAccessCredentials)', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await LoopbackServer.start();
    server.route('GET', '/v1/things', { body: { ok: true } });
    server.route('GET', '/v1/other', { body: { ok: true } });
  });
  afterAll(() => server.close());

  it('sends a self-signed bearer whose aud is the URL without query, cached until near expiry', async () => {
    const clock = new FrozenClock(T0 * 1000);
    const credentials = JwtAccessCredentials.fromJson(
      fixtureText('v4.1.3-JWTAccessCredentials.json'),
      { clock },
    );
    const authed = credentials.authorize();
    await authed(server.urlOf('/v1/things?pageSize=5&key=x'));
    await authed(server.urlOf('/v1/things?page=2'));
    await authed(server.urlOf('/v1/other'));
    const tokens = server.requests.map((r) =>
      String(r.headers.authorization).replace('Bearer ', ''),
    );
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(decode(tokens[0] ?? '', 0)).toEqual({ typ: 'JWT', alg: 'RS256', kid: 'ABCDEF' });
    const claims = await verifySignedJwtWithCerts(
      tokens[0] ?? '',
      testKeys.certsJson,
      server.urlOf('/v1/things'),
      { clock },
    );
    expect(claims).toMatchObject({
      iss: 'dummy@google.com',
      sub: 'dummy@google.com',
      iat: T0,
      exp: T0 + 3600,
    });
    clock.advance(56 * 60 * 1000); // 4 minutes left: re-signed
    await authed(server.urlOf('/v1/things'));
    const fresh = String(server.requests[3]?.headers.authorization).replace('Bearer ', '');
    expect(fresh).not.toBe(tokens[0]);
    expect(decode(fresh, 1).iat).toBe(T0 + 56 * 60);
  });

  it('refresh() and getAccessToken() self-sign without any token endpoint; revoke is a no-op', async () => {
    const clock = new FrozenClock(T0 * 1000);
    const credentials = JwtAccessCredentials.fromJson(
      fixtureText('v4.1.3-JWTAccessCredentials.json'),
      { clock, fetch: () => Promise.reject(new Error('no network')) },
    );
    const { accessToken, expiresIn } = await credentials.getAccessToken();
    expect(expiresIn).toBe(3600);
    expect(decode(accessToken, 1)).toEqual({
      iat: T0,
      exp: T0 + 3600,
      iss: 'dummy@google.com',
      sub: 'dummy@google.com',
    });
    const oneTime = await credentials.getAccessToken({
      additionalClaims: { aud: 'https://x.googleapis.com/' },
    });
    expect(decode(oneTime.accessToken, 1).aud).toBe('https://x.googleapis.com/');
    await credentials.revoke();
    expect(credentials.createScopedRequired()).toBe(true);
    const scoped = credentials.createScoped('https://www.googleapis.com/auth/cloud-platform');
    expect(scoped).toBeInstanceOf(ServiceAccountCredentials);
    expect(scoped).not.toBeInstanceOf(JwtAccessCredentials);
    expect(scoped.requestedScopes).toBe('https://www.googleapis.com/auth/cloud-platform');
  });
});
