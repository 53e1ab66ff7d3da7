import { createPrivateKey } from 'node:crypto';
import { InsecureEndpointError } from '@oauth2/core';
import type { FetchLike } from '@oauth2/core/http';
import { FrozenClock, LoopbackServer, testKeys } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeJwt, googleClaims } from '../test/jwt-factory.js';
import { DEFAULT_CERTS_MIN_AGE_SEC } from './cert-cache.js';
import { IdTokenVerifier } from './id-token-verifier.js';
import { MAX_DEFAULT_CERT_CACHES } from './internal/default-cert-caches.js';
import { verifyIdToken } from './verify-id-token.js';

// Issue 9: verifyIdToken without a verifier, and certs answers already stale when they arrive.
const CLIENT = 'client-1.apps.googleusercontent.com';
const NOW = 1_700_000_000;
const key = createPrivateKey(testKeys.privateKeyPem);
const token = () =>
  forgeJwt({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, googleClaims(NOW), { rsa: key });
const certs = { k1: testKeys.publicCertPem };

let server: LoopbackServer;
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(() => server.close());

let routes = 0;
function certsRoute(headers: Record<string, string> = { 'cache-control': 'max-age=3600' }) {
  const path = `/v-certs-${++routes}`;
  server.route('GET', path, { headers, body: certs });
  return { path, url: server.urlOf(path) };
}

describe('verifyIdToken without a verifier (issue 9)', () => {
  it('V1 repeated calls for one certs URL fetch the certs once', async () => {
    const { path, url } = certsRoute();
    const clock = new FrozenClock(NOW * 1000);
    for (let i = 0; i < 20; i++) {
      const claims = await verifyIdToken(token(), CLIENT, { url, clock });
      expect(claims.aud).toBe(CLIENT);
    }
    expect(server.count(path)).toBe(1);
    // Per-call rules still apply: another audience is refused, with no new fetch.
    await expect(verifyIdToken(token(), 'other', { url, clock })).rejects.toMatchObject({
      code: 'wrong_audience',
    });
    expect(server.count(path)).toBe(1);
  });

  it('V2 another certs URL, transport or clock gets its own default cache', async () => {
    const a = certsRoute();
    const b = certsRoute();
    const clock = new FrozenClock(NOW * 1000);
    let calls = 0;
    const counting: FetchLike = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    await verifyIdToken(token(), CLIENT, { url: a.url, clock });
    await verifyIdToken(token(), CLIENT, { url: b.url, clock });
    await verifyIdToken(token(), CLIENT, { url: a.url, clock, fetch: counting });
    await verifyIdToken(token(), CLIENT, { url: a.url, clock, fetch: counting });
    await verifyIdToken(token(), CLIENT, { url: a.url, clock: new FrozenClock(NOW * 1000) });
    expect(calls).toBe(1);
    expect(server.count(a.path)).toBe(3);
    expect(server.count(b.path)).toBe(1);
  });

  it('V7 a cache made with allowInsecureRequests is not lent to a call without it', async () => {
    const { path } = certsRoute();
    const clock = new FrozenClock(NOW * 1000);
    // A plain-http URL on a non-loopback name, served by the loopback server.
    const viaLoopback: FetchLike = (input, init) =>
      fetch(server.urlOf(new URL(String(input)).pathname), init);
    const url = `http://certs.example${path}`;
    const options = { url, clock, fetch: viaLoopback };
    const claims = await verifyIdToken(token(), CLIENT, {
      ...options,
      allowInsecureRequests: true,
    });
    expect(claims.aud).toBe(CLIENT);
    const refused = await verifyIdToken(token(), CLIENT, options).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InsecureEndpointError);
    expect(server.count(path)).toBe(1);
  });

  it(`V3 keeps at most ${MAX_DEFAULT_CERT_CACHES} URLs per transport and clock, least recently used dropped`, async () => {
    const clock = new FrozenClock(NOW * 1000);
    const routesUsed = Array.from({ length: MAX_DEFAULT_CERT_CACHES + 1 }, () => certsRoute());
    const [first, second] = routesUsed as [(typeof routesUsed)[0], (typeof routesUsed)[0]];
    await verifyIdToken(token(), CLIENT, { url: first.url, clock });
    for (const r of routesUsed.slice(1)) {
      await verifyIdToken(token(), CLIENT, { url: r.url, clock });
      await verifyIdToken(token(), CLIENT, { url: first.url, clock }); // keep it recent
    }
    await verifyIdToken(token(), CLIENT, { url: second.url, clock });
    expect(server.count(first.path)).toBe(1);
    expect(server.count(second.path)).toBe(2); // dropped when the 17th URL came, fetched again
  });

  it('V4 an explicit verifier or certCache is used as given', async () => {
    const { path, url } = certsRoute();
    const verifier = new IdTokenVerifier({ url, clock: new FrozenClock(NOW * 1000) });
    await verifyIdToken(token(), CLIENT, { verifier });
    await verifyIdToken(token(), CLIENT, {
      certCache: verifier.certCache,
      clock: new FrozenClock(NOW * 1000),
    });
    expect(verifier.certCache.fetchCount).toBe(1);
    expect(server.count(path)).toBe(1);
  });
});

describe('certs whose Age is at or past max-age (issue 9)', () => {
  for (const headers of [
    { 'cache-control': 'public, max-age=600', age: '600' },
    { 'cache-control': 'public, max-age=600', age: '4000' },
    { 'cache-control': 'max-age=0' },
  ]) {
    it(`V5 ${JSON.stringify(headers)} is kept ${DEFAULT_CERTS_MIN_AGE_SEC} s, not fetched per verification`, async () => {
      const { path, url } = certsRoute(headers);
      const clock = new FrozenClock(NOW * 1000);
      const verifier = new IdTokenVerifier({ url, clock, tokenCache: false });
      for (let i = 0; i < 50; i++) await verifier.verify(token(), CLIENT);
      clock.advance(DEFAULT_CERTS_MIN_AGE_SEC * 1000 - 1);
      await verifyIdToken(token(), CLIENT, { verifier });
      expect(server.count(path)).toBe(1);
      clock.advance(1);
      await verifier.verify(token(), CLIENT);
      expect(server.count(path)).toBe(2);
    });
  }

  it('V6 minMaxAgeSec sets the minimum', async () => {
    const { path, url } = certsRoute({ 'cache-control': 'max-age=10', age: '10' });
    const clock = new FrozenClock(NOW * 1000);
    const verifier = new IdTokenVerifier({ url, clock, minMaxAgeSec: 5 });
    await verifier.verify(token(), CLIENT);
    clock.advance(4_000);
    await verifier.verify(token(), CLIENT);
    expect(server.count(path)).toBe(1);
    clock.advance(1_000);
    await verifier.verify(token(), CLIENT);
    expect(server.count(path)).toBe(2);
  });
});
