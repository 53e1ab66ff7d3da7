import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { FrozenClock, LoopbackServer, testKeys } from '@oauth2/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgeJwt, googleClaims } from '../../test/jwt-factory.js';
import { AppIdentityError } from '../errors.js';
import { IdTokenVerifier, type IdTokenVerifierOptions } from '../id-token-verifier.js';
import { KeySet } from '../key-set.js';

// The verified-token cache of IdTokenVerifier (issue 10). J9x: cases in the style of
// ../shared/spec/adversarial.md's crypt section.

const CLIENT = 'client-1.apps.googleusercontent.com';
const NOW = 1_700_000_000;
const k1 = createPrivateKey(testKeys.privateKeyPem);
const k2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const k2Pem = k2.publicKey.export({ type: 'spki', format: 'pem' }) as string;

const token = (claims: Record<string, unknown> = {}, kid = 'k1', key = k1) =>
  forgeJwt({ alg: 'RS256', kid, typ: 'JWT' }, googleClaims(NOW, { nonce: 'n-1', ...claims }), {
    rsa: key,
  });

let server: LoopbackServer;
let clock: FrozenClock;
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(() => server.close());
afterEach(() => {
  server.clearRequests();
  vi.restoreAllMocks();
});

let routes = 0;
/** A verifier on a fresh certs route serving `certs` (for an hour unless told). */
function verifier(
  certs: Record<string, string>,
  extra: IdTokenVerifierOptions | string = {},
  cacheControl = typeof extra === 'string' ? extra : 'max-age=3600',
) {
  const path = `/certs-${++routes}`;
  server.route('GET', path, { headers: { 'cache-control': cacheControl }, body: certs });
  clock = new FrozenClock(NOW * 1000);
  const options = typeof extra === 'string' ? {} : extra;
  return { v: new IdTokenVerifier({ url: server.urlOf(path), clock, ...options }), path };
}

/** Counts signature checks: each full verification imports (or reuses) a key through this. */
function countSignatureChecks() {
  return vi.spyOn(KeySet.prototype, 'verificationKey');
}

describe('verified-token cache (J9)', () => {
  it('J9a a token seen before skips the signature check and still checks every claim', async () => {
    const { v } = verifier({ k1: testKeys.publicCertPem });
    const checks = countSignatureChecks();
    const t = token();
    const first = await v.verify(t, CLIENT);
    expect(checks).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) expect(await v.verify(t, CLIENT)).toEqual(first);
    expect(checks).toHaveBeenCalledTimes(1);
    expect(v.cachedTokenCount).toBe(1);
    // Callers get their own object: changing one does not change the remembered claims.
    (first as { sub: string }).sub = 'changed';
    expect((await v.verify(t, CLIENT)).sub).not.toBe('changed');
    // Audience, nonce and issuer are checked on every hit.
    const aud = await v.verify(t, 'other-client').catch((e: unknown) => e);
    expect((aud as AppIdentityError).code).toBe('wrong_audience');
    const nonce = await v.verify(t, CLIENT, { nonce: 'n-2' }).catch((e: unknown) => e);
    expect((nonce as AppIdentityError).code).toBe('wrong_nonce');
    expect((await v.verify(t, CLIENT, { nonce: 'n-1' })).nonce).toBe('n-1');
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('J9b failures are not remembered', async () => {
    const { v } = verifier({ k1: testKeys.publicCertPem });
    const checks = countSignatureChecks();
    const forged = token({}, 'k1', k2.privateKey);
    for (let i = 0; i < 3; i++) {
      const err = await v.verify(forged, CLIENT).catch((e: unknown) => e);
      expect((err as AppIdentityError).code).toBe('signature_invalid');
    }
    expect(checks).toHaveBeenCalledTimes(3);
    expect(v.cachedTokenCount).toBe(0);
  });

  it('J9c an entry lives no longer than maxAgeSec, nor past the token exp', async () => {
    const { v } = verifier({ k1: testKeys.publicCertPem }, { tokenCache: { maxAgeSec: 60 } });
    const checks = countSignatureChecks();
    const long = token(); // exp = NOW + 3600
    await v.verify(long, CLIENT);
    clock.advance(59_000);
    await v.verify(long, CLIENT);
    expect(checks).toHaveBeenCalledTimes(1);
    clock.advance(1_000); // 60 s: the cap
    await v.verify(long, CLIENT);
    expect(checks).toHaveBeenCalledTimes(2);

    const short = token({ iat: NOW + 60, exp: NOW + 70 });
    await v.verify(short, CLIENT);
    clock.advance(9_000);
    await v.verify(short, CLIENT);
    expect(checks).toHaveBeenCalledTimes(3);
    clock.advance(1_000); // the token's exp: forgotten; the full check still allows the skew
    await v.verify(short, CLIENT);
    expect(checks).toHaveBeenCalledTimes(4);
    clock.advance(300_000);
    const late = await v.verify(short, CLIENT).catch((e: unknown) => e);
    expect((late as AppIdentityError).code).toBe('token_expired');
  });

  it('J9d time claims are checked again on a hit (the clock went back an hour)', async () => {
    const { v } = verifier({ k1: testKeys.publicCertPem });
    const checks = countSignatureChecks();
    const t = token();
    await v.verify(t, CLIENT);
    clock.set((NOW - 3600) * 1000);
    const err = await v.verify(t, CLIENT).catch((e: unknown) => e);
    expect((err as AppIdentityError).code).toBe('token_used_too_early');
    expect(checks).toHaveBeenCalledTimes(1); // refused on the hit, without a signature check
  });

  it('J9e a key rotated out of the certs evicts the tokens it verified', async () => {
    const { v, path } = verifier({ k1: testKeys.publicCertPem, k2: k2Pem }, 'max-age=60');
    const checks = countSignatureChecks();
    const byK1 = token();
    const byK2 = token({}, 'k2', k2.privateKey);
    await v.verify(byK1, CLIENT);
    await v.verify(byK2, CLIENT);
    expect(v.cachedTokenCount).toBe(2);
    // Google rotates: k1 leaves the certs; the next fetch (after max-age) shows it.
    server.route('GET', path, { headers: { 'cache-control': 'max-age=60' }, body: { k2: k2Pem } });
    clock.advance(60_000);
    await v.verify(byK2, CLIENT);
    expect(server.count(path)).toBe(2);
    expect(v.cachedTokenCount).toBe(1);
    expect(checks).toHaveBeenCalledTimes(2); // k2's token stayed a hit
    const err = await v.verify(byK1, CLIENT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppIdentityError);
    expect(v.cachedTokenCount).toBe(1);
  });

  it('J9f at most maxEntries tokens, the least recently used evicted first', async () => {
    const { v } = verifier({ k1: testKeys.publicCertPem }, { tokenCache: { maxEntries: 2 } });
    const checks = countSignatureChecks();
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => token({ sub }));
    await v.verify(a as string, CLIENT);
    await v.verify(b as string, CLIENT);
    await v.verify(a as string, CLIENT); // a is now the most recent
    await v.verify(c as string, CLIENT); // evicts b
    expect(v.cachedTokenCount).toBe(2);
    expect(checks).toHaveBeenCalledTimes(3);
    await v.verify(a as string, CLIENT);
    expect(checks).toHaveBeenCalledTimes(3);
    await v.verify(b as string, CLIENT);
    expect(checks).toHaveBeenCalledTimes(4);
  });

  it('J9g tokenCache: false checks the signature every time', async () => {
    const { v } = verifier({ k1: testKeys.publicCertPem }, { tokenCache: false });
    const checks = countSignatureChecks();
    const t = token();
    for (let i = 0; i < 3; i++) await v.verify(t, CLIENT);
    expect(checks).toHaveBeenCalledTimes(3);
    expect(v.cachedTokenCount).toBe(0);
  });

  it('J9h refuses nonsense cache options', () => {
    expect(() => verifier({}, { tokenCache: { maxEntries: 0 } })).toThrow(TypeError);
    expect(() => verifier({}, { tokenCache: { maxAgeSec: Number.NaN } })).toThrow(TypeError);
  });
});

describe('J9i the cache keeps a hash of the token, never the token', () => {
  // A heap snapshot (which collects garbage first) holds every string still reachable. The
  // signature segment exists only in the token string, so finding it means the token is kept.
  // The needle is kept as reversed bytes, never as a JS string of its own.
  function signatureBytesReversed(t: string): Buffer {
    return Buffer.from(t.slice(t.lastIndexOf('.') + 1), 'latin1').reverse();
  }
  function heapHas(needleReversed: Buffer): boolean {
    const file = join(tmpdir(), `oauth2-heap-${process.pid}-${Date.now()}.heapsnapshot`);
    // V8 keeps the subject of the last regular-expression match (RegExp.input, `$_`): reset it.
    /reset/.exec('reset');
    writeHeapSnapshot(file);
    try {
      const needle = Buffer.from(needleReversed).reverse();
      return readFileSync(file).includes(needle);
    } finally {
      rmSync(file, { force: true });
    }
  }

  it('finds a token that is still referenced, and not one only the cache saw', async () => {
    const { v } = verifier({ k1: testKeys.publicCertPem });
    const kept: string[] = [];
    const seen = async (keep: boolean, sub: string) => {
      const t = token({ sub });
      if (keep) kept.push(t);
      await v.verify(t, CLIENT);
      await v.verify(t, CLIENT);
      return { needle: signatureBytesReversed(t) };
    };
    const control = await seen(true, 'kept-by-the-test');
    const cached = await seen(false, 'seen-by-the-cache-only');
    expect(v.cachedTokenCount).toBe(2);
    expect(heapHas(control.needle)).toBe(true); // the method can see a kept token
    // V8 may hold the last strings it worked on for a moment (regexp and split caches): a real
    // retention shows in every snapshot, a transient one goes once other tokens were processed.
    let retained = heapHas(cached.needle);
    for (let attempt = 0; retained && attempt < 3; attempt++) {
      for (let i = 0; i < 5; i++) await v.verify(token({ sub: `flush-${attempt}-${i}` }), CLIENT);
      retained = heapHas(cached.needle);
    }
    expect(retained).toBe(false);
    expect(kept).toHaveLength(1);
  }, 60_000);
});
