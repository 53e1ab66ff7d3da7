// spec §13.3: the literal vectors (fixture xsrf-vectors.json, produced by the Python original)
// and the assertions of upstream tests/contrib/test_xsrfutil.py, in compatibility mode.
import { Buffer } from 'node:buffer';
import { fixtureJson } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { generateToken, validateToken, XsrfTokens } from '../src/index.js';

interface Vector {
  key: string;
  user_id: number | string;
  action_id: string;
  when: number;
  token: string;
}

const vectors = fixtureJson<Vector[]>('xsrf-vectors.json');
const mode = 'oauth2client';

describe('xsrf-vectors.json', () => {
  it('has the seven vectors of §13.3', () => {
    expect(vectors).toHaveLength(7);
    expect(vectors.some((v) => v.token.endsWith('='))).toBe(true); // padding kept
  });

  it.each(vectors.map((v) => [v.token, v] as const))('generates %s bit for bit', (token, v) => {
    expect(generateToken(v.key, v.user_id, v.action_id, { when: v.when, mode })).toBe(token);
  });

  it.each(vectors.map((v) => [v.token, v] as const))('validates %s', (token, v) => {
    const check = (t: string, now: number): boolean =>
      validateToken(v.key, t, v.user_id, v.action_id, { now, mode });
    expect(check(token, v.when)).toBe(true);
    expect(check(token, v.when + 3600)).toBe(true);
    expect(check(token, v.when + 3601)).toBe(false);
    expect(check(token.slice(0, -1), v.when)).toBe(false);
    expect(validateToken(v.key, token, `${v.user_id}x`, v.action_id, { now: v.when, mode })).toBe(
      false,
    );
    expect(validateToken(v.key, token, v.user_id, `${v.action_id}x`, { now: v.when, mode })).toBe(
      false,
    );
    // The same inputs in the default mode give a different token.
    if (Buffer.byteLength(v.key) >= 32) {
      expect(generateToken(v.key, v.user_id, v.action_id, { when: v.when })).not.toBe(token);
    }
  });
});

describe('upstream test_xsrfutil round trip (TEST_KEY "test key")', () => {
  const TEST_TIME = 1200609642081230;
  const xsrf = new XsrfTokens('test key', { mode });
  const token = xsrf.generate(123832983, 'some_action', { when: TEST_TIME });
  const ok = (t: unknown, opts: { user?: number; action?: string; now?: number } = {}): boolean =>
    xsrf.validate(t, opts.user ?? 123832983, opts.action ?? 'some_action', {
      now: opts.now ?? TEST_TIME,
    });

  it('matches the vector and keeps the same assertions as upstream', () => {
    expect(token).toBe('iANaXiCn65TAvSlt6T3EwzoxMjAwNjA5NjQyMDgxMjMw');
    expect(ok(token)).toBe(true);
    expect(ok(token, { now: TEST_TIME + 15 * 60 })).toBe(true);
    expect(ok(token, { now: TEST_TIME + 2 * 3600 })).toBe(false);
    expect(
      new XsrfTokens('another key', { mode }).validate(token, 123832983, 'some_action', {
        now: TEST_TIME,
      }),
    ).toBe(false);
    expect(ok(token, { user: 938297432 })).toBe(false);
    expect(ok(token, { action: 'some_other_action' })).toBe(false);
    expect(ok(token.slice(0, -1))).toBe(false);
    expect(ok(`${token}x`)).toBe(false);
    expect(ok(null)).toBe(false);
    expect(ok('a')).toBe(false);
    expect(ok(Buffer.from('abc:xyz').toString('base64'))).toBe(false);
  });
});
