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
});
