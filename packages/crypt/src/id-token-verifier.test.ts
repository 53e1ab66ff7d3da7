import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { ResponseTooLargeError, TimeoutError } from '@oauth2/core/errors';
import {
  assertNoCanary,
  canary,
  FrozenClock,
  rejectionOf,
  testKeys,
  useLoopbackServer,
} from '@oauth2/test-kit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forgeJwt, googleClaims } from '../test/jwt-factory.js';
import { CertCache, DEFAULT_CERTS_TIMEOUT_MS } from './cert-cache.js';
import { AppIdentityError, type AppIdentityErrorCode, CertFetchError } from './errors.js';
import { IdTokenVerifier } from './id-token-verifier.js';
import { verifyIdToken } from './verify-id-token.js';

const CLIENT = 'client-1.apps.googleusercontent.com';
const NOW = 1_700_000_000;
const rsaKey = createPrivateKey(testKeys.privateKeyPem);
const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pemCerts = { k1: testKeys.publicCertPem };
function rsaPublicJwk(): Record<string, unknown> {
  const jwk = rsaKey.export({ format: 'jwk' });
  return { kty: jwk.kty, n: jwk.n, e: jwk.e };
}

const jwksK1 = { keys: [{ ...rsaPublicJwk(), kid: 'k1', alg: 'RS256', use: 'sig' }] };

const token = (claims: Record<string, unknown> = {}, kid = 'k1', key = rsaKey) =>
  forgeJwt({ alg: 'RS256', kid, typ: 'JWT' }, googleClaims(NOW, { nonce: 'n-1', ...claims }), {
    rsa: key,
  });

async function rejects(promise: Promise<unknown>, code: AppIdentityErrorCode) {
  const err = await rejectionOf(promise, AppIdentityError, { code });
  assertNoCanary(err);
  return err;
}

const server = useLoopbackServer({ per: 'file' });
let clock: FrozenClock;
afterEach(() => server.clearRequests());

function verifier(path = '/certs', extra: ConstructorParameters<typeof IdTokenVerifier>[0] = {}) {
  clock = new FrozenClock(NOW * 1000);
  return new IdTokenVerifier({ url: server.urlOf(path), clock, ...extra });
}

describe('issuers (J4)', () => {
  beforeAll(() => server.route('GET', '/certs', { body: pemCerts }));
  const accepted = ['accounts.google.com', 'https://accounts.google.com'];
  const refused = [
    'https://accounts.google.com/',
    'http://accounts.google.com',
    'accounts.google.com.evil.example',
  ];

  for (const iss of accepted) {
    it(`accepts ${iss}`, async () => {
      const claims = await verifier().verify(token({ iss }), CLIENT);
      expect(claims.iss).toBe(iss);
    });
  }
  for (const iss of refused) {
    it(`rejects ${iss}`, async () => {
      await rejects(verifier().verify(token({ iss }), CLIENT), 'wrong_issuer');
    });
  }
  it('rejects a missing iss', async () => {
    await rejects(verifier().verify(token({ iss: undefined }), CLIENT), 'wrong_issuer');
  });
  it('uses configured issuers instead of Google’s', async () => {
    const v = verifier('/certs', { issuers: ['https://login.example'] });
    await expect(v.verify(token({ iss: 'https://login.example' }), CLIENT)).resolves.toBeTruthy();
    await rejects(v.verify(token(), CLIENT), 'wrong_issuer');
  });
});

describe('audience, azp, hd and nonce (J5)', () => {
  beforeAll(() => server.route('GET', '/certs', { body: pemCerts }));

  it('rejects aud different from the client', async () => {
    await rejects(verifier().verify(token({ aud: 'other' }), CLIENT), 'wrong_audience');
  });
  it('rejects an aud array [client, other] without azp', async () => {
    await rejects(
      verifier().verify(token({ aud: [CLIENT, 'other'], azp: undefined }), CLIENT),
      'wrong_azp',
    );
  });
  it('rejects an aud array with an azp that is not an allowed client', async () => {
    await rejects(
      verifier().verify(token({ aud: [CLIENT, 'other'], azp: 'other' }), CLIENT),
      'wrong_azp',
    );
  });
  it('rejects an aud array without the client', async () => {
    await rejects(
      verifier().verify(token({ aud: ['a', 'b'], azp: 'a' }), CLIENT),
      'wrong_audience',
    );
  });
  it('accepts an aud array with azp among the allowed clients', async () => {
    const claims = await verifier().verify(token({ aud: [CLIENT, 'other'], azp: CLIENT }), CLIENT);
    expect(claims.aud).toEqual([CLIENT, 'other']);
  });
  it('accepts a single aud with a different azp (Android client asking for a web client token)', async () => {
    await expect(verifier().verify(token({ azp: 'android-client' }), CLIENT)).resolves.toBeTruthy();
  });
  it('accepts any of several audiences', async () => {
    await expect(verifier().verify(token(), ['x', CLIENT])).resolves.toBeTruthy();
  });
  it('rejects hd missing or different when a hosted domain is required, and accepts the right one', async () => {
    await rejects(
      verifier().verify(token(), CLIENT, { hostedDomain: 'example.com' }),
      'wrong_hosted_domain',
    );
    await rejects(
      verifier().verify(token({ hd: 'evil.com' }), CLIENT, { hostedDomain: 'example.com' }),
      'wrong_hosted_domain',
    );
    await expect(
      verifier().verify(token({ hd: 'example.com' }), CLIENT, { hostedDomain: 'example.com' }),
    ).resolves.toBeTruthy();
  });
  it('rejects a nonce missing or different when one was sent', async () => {
    await rejects(
      verifier().verify(token({ nonce: undefined }), CLIENT, { nonce: 'n-1' }),
      'wrong_nonce',
    );
    await rejects(
      verifier().verify(token({ nonce: 'n-2' }), CLIENT, { nonce: 'n-1' }),
      'wrong_nonce',
    );
    await expect(verifier().verify(token(), CLIENT, { nonce: 'n-1' })).resolves.toBeTruthy();
  });
  it('refuses an empty audience as a programming error', async () => {
    await expect(verifier().verify(token(), [])).rejects.toThrow(TypeError);
  });
  it('never echoes the token or its claims in errors', async () => {
    const secret = canary();
    const t = token({ aud: secret, sub: secret, email: secret });
    await rejects(verifier().verify(t, CLIENT), 'wrong_audience');
  });
});

describe('cert cache (J7, c7)', () => {
  /** The certificates at `path` still serve `freshMs` after the first fetch, and are fetched again `staleMs` later. */
  async function expectCachedFor(path: string, freshMs: number, staleMs: number): Promise<void> {
    const v = verifier(path);
    await v.verify(token(), CLIENT);
    clock.advance(freshMs);
    await v.verify(token(), CLIENT);
    expect(server.count(path)).toBe(1);
    clock.advance(staleMs);
    await v.verify(token(), CLIENT);
    expect(server.count(path)).toBe(2);
  }

  it('1 000 verifications within max-age=23641 cost 1 fetch; after expiry, a refetch', async () => {
    server.route('GET', '/certs-maxage', {
      headers: { 'cache-control': 'public, max-age=23641' },
      body: pemCerts,
    });
    const v = verifier('/certs-maxage');
    const t = token();
    for (let i = 0; i < 1000; i++) await v.verify(t, CLIENT);
    expect(server.count('/certs-maxage')).toBe(1);
    clock.advance(23_640_000);
    await v.verify(token({ iat: NOW + 23_640, exp: NOW + 23_640 + 3600 }), CLIENT);
    expect(server.count('/certs-maxage')).toBe(1);
    clock.advance(1000);
    await v.verify(token({ iat: NOW + 23_641, exp: NOW + 23_641 + 3600 }), CLIENT);
    expect(server.count('/certs-maxage')).toBe(2);
  });

  it('subtracts Age from max-age', async () => {
    server.route('GET', '/certs-age', {
      headers: { 'cache-control': 'max-age=700', age: '600' },
      body: pemCerts,
    });
    await expectCachedFor('/certs-age', 99_000, 2_000);
  });

  it('caches 5 minutes without max-age', async () => {
    server.route('GET', '/certs-nomax', { body: pemCerts });
    await expectCachedFor('/certs-nomax', 299_000, 1000);
  });

  it('100 parallel verifications on a cold cache make 1 fetch', async () => {
    server.route('GET', '/certs-cold', { delayMs: 50, body: pemCerts });
    const v = verifier('/certs-cold');
    const t = token();
    const results = await Promise.all(Array.from({ length: 100 }, () => v.verify(t, CLIENT)));
    expect(results).toHaveLength(100);
    expect(server.count('/certs-cold')).toBe(1);
  });

  it('a stalled endpoint fails with CertFetchError at the timeout (5 s by default)', async () => {
    expect(DEFAULT_CERTS_TIMEOUT_MS).toBe(5000);
    server.route('GET', '/certs-hang', { hang: true });
    const started = Date.now();
    const err = await verifier('/certs-hang', { timeoutMs: 150 })
      .verify(token(), CLIENT)
      .catch((e) => e);
    expect(err).toBeInstanceOf(CertFetchError);
    expect(err.code).toBe('cert_fetch_failed');
    expect(err.retryable).toBe(true);
    expect(err.cause).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a 500 is a CertFetchError with "Status code: 500"', async () => {
    server.route('GET', '/certs-500', { status: 500, body: 'oops' });
    const err = await verifyIdToken(token(), CLIENT, { url: server.urlOf('/certs-500') }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(CertFetchError);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/^Status code: 500/);
    expect(err.message).not.toContain('oops');
  });

  it('never puts the certs URL query in errors (Z1)', async () => {
    server.route('GET', '/certs-q', { status: 503 });
    server.route('GET', '/certs-q-hang', { hang: true });
    const url = `${server.urlOf('/certs-q')}?key=${canary()}`;
    const err = await verifyIdToken(token(), CLIENT, { url }).catch((e) => e);
    expect(err).toBeInstanceOf(CertFetchError);
    expect(err.retryable).toBe(true);
    assertNoCanary(err);
    const hung = await verifyIdToken(token(), CLIENT, {
      url: `${server.urlOf('/certs-q-hang')}?key=${canary()}`,
      timeoutMs: 50,
    }).catch((e) => e);
    expect(hung).toBeInstanceOf(CertFetchError);
    assertNoCanary(hung);
  });

  it('a 302 is not followed', async () => {
    server.route('GET', '/certs-302', {
      status: 302,
      headers: { location: server.urlOf('/certs') },
    });
    server.route('GET', '/certs', { body: pemCerts });
    const err = await verifier('/certs-302')
      .verify(token(), CLIENT)
      .catch((e) => e);
    expect(err).toBeInstanceOf(CertFetchError);
    expect(err.status).toBe(302);
    expect(server.count('/certs')).toBe(0);
  });

  it('invalid JSON and a JSON that is no certificate document are CertFetchErrors that do not echo the body', async () => {
    const secret = canary();
    server.route(
      'GET',
      '/certs-bad',
      { body: `{not json ${secret}` },
      { body: { keys: 'nope', secret } },
    );
    const first = await verifier('/certs-bad')
      .verify(token(), CLIENT)
      .catch((e) => e);
    expect(first).toBeInstanceOf(CertFetchError);
    assertNoCanary(first);
    const second = await verifier('/certs-bad')
      .verify(token(), CLIENT)
      .catch((e) => e);
    expect(second).toBeInstanceOf(CertFetchError);
    assertNoCanary(second);
  });

  it('a 2 MiB body is aborted (1 MiB cap)', async () => {
    server.route('GET', '/certs-big', { body: 'x'.repeat(2 * 1024 * 1024) });
    const err = await verifier('/certs-big')
      .verify(token(), CLIENT)
      .catch((e) => e);
    expect(err).toBeInstanceOf(CertFetchError);
    expect(err.cause).toBeInstanceOf(ResponseTooLargeError);
  });

  it('a failed refetch keeps the cached keys: known-kid tokens keep verifying', async () => {
    server.route('GET', '/certs-flaky', { body: pemCerts }, { status: 503 });
    const v = verifier('/certs-flaky');
    await v.verify(token(), CLIENT);
    clock.advance(301_000);
    const later = token({ iat: NOW + 301, exp: NOW + 3901 });
    await expect(v.verify(later, CLIENT)).resolves.toBeTruthy();
    expect(server.count('/certs-flaky')).toBe(2);
    // within the cooldown after the failure, no new request
    await v.verify(later, CLIENT);
    expect(server.count('/certs-flaky')).toBe(2);
  });

  it('an unknown kid triggers one refetch and then verifies with the rotated key', async () => {
    const rotatedCert = {
      keys: [
        { ...rsaPublicJwk(), kid: 'k1' },
        { ...rotated.publicKey.export({ format: 'jwk' }), kid: 'k2' },
      ],
    };
    server.route(
      'GET',
      '/certs-rotate',
      { body: { keys: [{ ...rsaPublicJwk(), kid: 'k1' }] } },
      { body: rotatedCert },
    );
    const v = verifier('/certs-rotate');
    await v.verify(token(), CLIENT);
    // within the 30 s cooldown after a fetch, an unknown kid does not refetch
    await rejects(v.verify(token({}, 'k2', rotated.privateKey), CLIENT), 'signature_invalid');
    expect(server.count('/certs-rotate')).toBe(1);
    clock.advance(30_000);
    const claims = await v.verify(token({}, 'k2', rotated.privateKey), CLIENT);
    expect(claims.sub).toBeTruthy();
    expect(server.count('/certs-rotate')).toBe(2);
  });

  it('1 000 forged tokens with random kids within 30 s cause at most 1 extra fetch', async () => {
    server.route('GET', '/certs-flood', { body: pemCerts });
    const v = verifier('/certs-flood');
    await v.verify(token(), CLIENT);
    clock.advance(30_000);
    for (let i = 0; i < 1000; i++) {
      if (i % 100 === 99) clock.advance(2_900); // 1 000 tokens spread over 29 s
      const forged = forgeJwt({ alg: 'RS256', kid: `kid-${i}` }, googleClaims(NOW + 30), {
        raw: randomBytes(256),
      });
      await rejects(v.verify(forged, CLIENT), 'signature_invalid');
    }
    expect(server.count('/certs-flood')).toBe(2);
    // 1 000 RSA checks: seconds on a busy CI machine; what is asserted is the fetch count.
  }, 90_000);

  it('serves JWKS (v3 format) as well as the PEM map', async () => {
    server.route('GET', '/jwks', { body: jwksK1 });
    await expect(verifier('/jwks').verify(token(), CLIENT)).resolves.toBeTruthy();
  });

  it('can be shared by several verifiers', async () => {
    server.route('GET', '/certs-shared', { body: pemCerts });
    clock = new FrozenClock(NOW * 1000);
    const cache = new CertCache({ url: server.urlOf('/certs-shared'), clock });
    const a = new IdTokenVerifier({ certCache: cache, clock });
    const b = new IdTokenVerifier({
      certCache: cache,
      clock,
      issuers: ['https://accounts.google.com'],
    });
    await a.verify(token(), CLIENT);
    await b.verify(token(), CLIENT);
    expect(cache.fetchCount).toBe(1);
    expect(server.count('/certs-shared')).toBe(1);
  });

  it('fails malformed, alg:none, other-alg, crit and non-JSON-header tokens without any fetch', async () => {
    server.route('GET', '/certs-none', { body: pemCerts });
    const v = verifier('/certs-none');
    await rejects(v.verify('a.b', CLIENT), 'jwt_malformed');
    await rejects(
      v.verify(forgeJwt({ alg: 'none' }, googleClaims(NOW), 'none'), CLIENT),
      'alg_not_allowed',
    );
    const signWith = { rsa: rsaKey };
    await rejects(
      v.verify(forgeJwt({ alg: 'ES256', kid: 'k1' }, googleClaims(NOW), signWith), CLIENT),
      'alg_not_allowed',
    );
    const crit = forgeJwt(
      { alg: 'RS256', kid: 'k1', crit: ['b64'], b64: true },
      googleClaims(NOW),
      signWith,
    );
    await rejects(v.verify(crit, CLIENT), 'jwt_malformed');
    const notJson = `${Buffer.from('{"alg":"RS256"').toString('base64url')}.${token().split('.').slice(1).join('.')}`;
    await rejects(v.verify(notJson, CLIENT), 'jwt_malformed');
    expect(server.count('/certs-none')).toBe(0);
  });
});
