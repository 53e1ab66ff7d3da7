import { generateKeyPairSync } from 'node:crypto';
import { testKeys } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { InvalidKeyError } from './errors.js';
import { KeySet } from './key-set.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });

describe('KeySet', () => {
  it('indexes a PEM certificate map by kid and falls back to every key for an unknown kid', () => {
    const keys = KeySet.from({ a: testKeys.publicCertPem, b: testKeys.publicKeySpkiPem });
    expect(keys.size).toBe(2);
    expect(keys.kids).toEqual(['a', 'b']);
    expect(keys.has('a')).toBe(true);
    expect(keys.candidates('a').map((e) => e.kid)).toEqual(['a']);
    expect(keys.candidates('zzz').map((e) => e.kid)).toEqual(['a', 'b']);
    expect(keys.candidates(undefined)).toHaveLength(2);
    expect(KeySet.from(keys)).toBe(keys);
  });

  it('keeps only JWKs that can verify signatures', () => {
    const keys = KeySet.fromJwks({
      keys: [
        { ...ec, kid: 'ok' },
        { ...ec, kid: 'enc', use: 'enc' },
        { ...ec, kid: 'ops', key_ops: ['encrypt'] },
        { ...ec, kid: 'private', d: 'AAAA' },
        { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
        { kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: 'okp' },
        { kty: 'RSA', e: 'AQAB', kid: 'broken' },
        null as unknown as Record<string, unknown>,
      ],
    });
    expect(keys.kids).toEqual(['ok']);
  });

  it('refuses a PEM map entry that is not a key, naming the kid', () => {
    expect(() => KeySet.from({ bad: 'nope' })).toThrow(/Certificate "bad"/);
    expect(() => KeySet.from({ bad: 42 as unknown as string })).toThrow(InvalidKeyError);
    expect(() => KeySet.from(null as unknown as Record<string, string>)).toThrow(InvalidKeyError);
    expect(() => KeySet.fromJwks({ keys: 'x' } as never)).toThrow(InvalidKeyError);
  });

  it('imports each key for jose once, as a CryptoKey for the algorithm it verifies', async () => {
    const keys = KeySet.from({ keys: [{ ...ec, kid: 'e' }] });
    const rsa = KeySet.from({ r: testKeys.publicCertPem });
    const [entry] = keys.candidates('e');
    const [rsaEntry] = rsa.candidates('r');
    if (!entry || !rsaEntry) throw new Error('missing entry');
    const pending = keys.verificationKey(entry);
    expect(keys.verificationKey(entry)).toBe(pending); // one import in flight
    const key = await pending;
    expect(Object.prototype.toString.call(key)).toBe('[object CryptoKey]');
    expect(key.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(key.usages).toEqual(['verify']);
    expect(keys.verificationKey(entry)).toBe(key); // then the key itself, no promise
    const rsaKey = await rsa.verificationKey(rsaEntry);
    expect(rsaKey.algorithm).toMatchObject({
      name: 'RSASSA-PKCS1-v1_5',
      hash: { name: 'SHA-256' },
    });
  });

  it('refuses to import a key that verifies neither RS256 nor ES256', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const keys = KeySet.from({ keys: [{ ...weak.export({ format: 'jwk' }), kid: 'w' }] });
    const [entry] = keys.candidates('w');
    expect(entry?.verifies).toBeUndefined();
    expect(() => keys.verificationKey(entry as never)).toThrow(InvalidKeyError);
  });
});
