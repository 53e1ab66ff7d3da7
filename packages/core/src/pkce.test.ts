import { createHash } from 'node:crypto';
import { fixtureJson, thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { OAuth2Error } from './errors.js';
import {
  assertCodeVerifier,
  codeChallengeS256,
  createPkcePair,
  generateCodeVerifier,
} from './pkce.js';

interface PkceVector {
  code_verifier: string;
  code_challenge: string;
  code_challenge_method: string;
}

describe('PKCE (RFC 7636)', () => {
  it('matches the RFC 7636 appendix B vector the Python original verified', () => {
    const v = fixtureJson<PkceVector>('pkce-vector.json');
    expect(v.code_challenge_method).toBe('S256');
    expect(codeChallengeS256(v.code_verifier)).toBe(v.code_challenge);
  });

  it('generates 43-char verifiers of unreserved characters with 256 bits of entropy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const v = generateCodeVerifier();
      expect(v).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
      seen.add(v);
    }
    expect(seen.size).toBe(10_000);
  });

  it('supports the full 43..128 range and refuses lengths outside it', () => {
    expect(generateCodeVerifier(96)).toHaveLength(128);
    expect(generateCodeVerifier(64)).toHaveLength(86);
    for (const n of [0, 31, 97, 1.5, Number.NaN]) {
      expect(() => generateCodeVerifier(n)).toThrow(OAuth2Error);
    }
  });

  it('pairs a verifier with its S256 challenge and never plain', () => {
    const pair = createPkcePair();
    expect(pair.codeChallengeMethod).toBe('S256');
    expect(pair.codeChallenge).toHaveLength(43);
    expect(pair.codeChallenge).not.toBe(pair.codeVerifier);
    expect(pair.codeChallenge).toBe(
      createHash('sha256').update(pair.codeVerifier).digest('base64url'),
    );
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['a forbidden character', `${'a'.repeat(42)}+`],
    ['padding', `${'a'.repeat(42)}=`],
    ['not a string', 42],
  ])('rejects a verifier with %s without echoing it', (_label, bad) => {
    const caught = thrownBy(() => assertCodeVerifier(bad), OAuth2Error, {
      code: 'invalid_argument',
    });
    if (typeof bad === 'string') expect(caught.message).not.toContain(bad);
  });
});
