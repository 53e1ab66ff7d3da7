import { describe, expect, it } from 'vitest';
import { generateToken } from './generate-token.js';
import { XsrfTokens } from './xsrf-tokens.js';

const KEY = 'k'.repeat(32);
const T0 = 1_454_328_000;

describe('generateToken', () => {
  it('equals XsrfTokens.generate in both modes', () => {
    expect(generateToken(KEY, 'u', 'a', { when: T0 })).toBe(
      new XsrfTokens(KEY).generate('u', 'a', { when: T0 }),
    );
    expect(generateToken('test key', 7, 'a', { when: T0, mode: 'oauth2client' })).toBe(
      new XsrfTokens('test key', { mode: 'oauth2client' }).generate(7, 'a', { when: T0 }),
    );
  });

  it('defaults the action to "" and the mode to default (which refuses short keys)', () => {
    expect(generateToken(KEY, 'u', undefined, { when: T0 })).toBe(
      generateToken(KEY, 'u', '', { when: T0 }),
    );
    expect(() => generateToken('test key', 'u')).toThrow(
      expect.objectContaining({ name: 'XsrfError', code: 'xsrf_key_too_short' }),
    );
  });

  it('issues tokens at the current time by default', () => {
    const token = generateToken(KEY, 'u');
    const issued = Number(Buffer.from(token, 'base64url').toString('latin1').split(':').pop());
    expect(Math.abs(issued - Date.now() / 1000)).toBeLessThan(5);
  });
});
