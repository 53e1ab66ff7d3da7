import { describe, expect, it } from 'vitest';
import { generateToken } from './generate-token.js';
import { validateToken } from './validate-token.js';

const KEY = 'k'.repeat(32);
const T0 = 1_454_328_000;

describe('validateToken', () => {
  const token = generateToken(KEY, 'u', 'a', { when: T0 });

  it('accepts a fresh token and applies the 3600 s default timeout', () => {
    expect(validateToken(KEY, token, 'u', 'a', { now: T0 + 3600 })).toBe(true);
    expect(validateToken(KEY, token, 'u', 'a', { now: T0 + 3601 })).toBe(false);
  });

  it('passes timeoutSecs and mode through', () => {
    expect(validateToken(KEY, token, 'u', 'a', { now: T0 + 10, timeoutSecs: 5 })).toBe(false);
    expect(validateToken(KEY, token, 'u', 'a', { now: T0 + 5, timeoutSecs: 5 })).toBe(true);
    const compat = generateToken('test key', 'u', 'a', { when: T0, mode: 'oauth2client' });
    expect(validateToken('test key', compat, 'u', 'a', { now: T0, mode: 'oauth2client' })).toBe(
      true,
    );
    expect(validateToken(KEY, compat, 'u', 'a', { now: T0, mode: 'oauth2client' })).toBe(false);
  });

  it('uses the current time by default', () => {
    expect(validateToken(KEY, generateToken(KEY, 'u'), 'u')).toBe(true);
    expect(validateToken(KEY, token, 'u', 'a')).toBe(false); // issued in 2016
  });

  it('throws for a short key even when the token is junk (a configuration error)', () => {
    expect(() => validateToken('short', 'junk', 'u')).toThrow(
      expect.objectContaining({ name: 'XsrfError', code: 'xsrf_key_too_short' }),
    );
  });

  it('returns false, never throws, for hostile tokens', () => {
    for (const t of [undefined, null, '', 'a', 'A'.repeat(1 << 20), {}, 42, `${token}=`]) {
      expect(validateToken(KEY, t, 'u', 'a', { now: T0 })).toBe(false);
    }
  });
});
