import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { CredentialsCorruptError } from '../errors.js';
import { CredentialSealer } from './credential-sealer.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const json = '{"_class": "OAuth2Credentials", "refresh_token": "rt-secret"}';

const corrupt = (fn: () => unknown) => thrownBy(fn, CredentialsCorruptError);

describe('CredentialSealer', () => {
  it('round-trips, and the sealed text holds neither the plaintext nor the key', () => {
    const sealer = new CredentialSealer([k1]);
    const sealed = sealer.seal(json, 'user:1');
    expect(CredentialSealer.isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('rt-secret');
    expect(sealed).not.toContain(k1.toString('base64url'));
    expect(sealer.unseal(sealed, 'user:1')).toBe(json);
    expect(sealer.seal(json, 'user:1')).not.toBe(sealed); // fresh IV each time
  });

  it('rotates: the first key seals, an older key still unseals', () => {
    const old = new CredentialSealer([k1]).seal(json);
    const rotated = new CredentialSealer([k2, k1]);
    expect(rotated.unseal(old)).toBe(json);
    expect(() => new CredentialSealer([k1]).unseal(rotated.seal(json))).toThrow(
      CredentialsCorruptError,
    );
  });

  it('accepts base64 text keys and refuses keys that are not 32 bytes', () => {
    expect(
      new CredentialSealer([k1.toString('base64')]).unseal(new CredentialSealer([k1]).seal(json)),
    ).toBe(json);
    expect(() => new CredentialSealer([randomBytes(16)])).toThrow(/32/);
    expect(() => new CredentialSealer([])).toThrow(TypeError);
  });

  it('a wrong key, another context, a flipped byte or plain text is CredentialsCorruptError', () => {
    const sealer = new CredentialSealer([k1]);
    const sealed = sealer.seal(json, 'a');
    expect(corrupt(() => new CredentialSealer([k2]).unseal(sealed, 'a')).message).toMatch(
      /key that is not configured/,
    );
    expect(corrupt(() => sealer.unseal(sealed, 'b')).message).toMatch(/failed authentication/);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    corrupt(() => sealer.unseal(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, 'a'));
    const err = corrupt(() => sealer.unseal(json, 'a', 'redis key oauth2:{a}'));
    expect(err.location).toBe('redis key oauth2:{a}');
    expect(err.message).not.toContain('rt-secret');
    expect(inspect(sealer)).not.toContain(k1.toString('base64'));
  });
});
