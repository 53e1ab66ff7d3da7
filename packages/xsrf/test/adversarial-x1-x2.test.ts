// adversarial.md X1 (round trip and expiry under a frozen clock) and X2 (forgery), through the
// public API. Timing bounds are means over 200 calls, so one slow tick on a shared CPU cannot fail them.
import { Buffer } from 'node:buffer';
import crypto from 'node:crypto';
import { FrozenClock } from '@oauth2/test-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TIMEOUT_SECS, type XsrfMode, XsrfTokens } from '../src/index.js';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef', 'latin1'); // exactly 32 bytes
const T0 = 1_454_328_000; // 2016-02-01T12:00:00Z, the test kit's FrozenClock default

afterEach(() => {
  vi.restoreAllMocks();
});

/** Mean wall time of `fn` over `runs` calls, in milliseconds. */
function meanMs(fn: () => unknown, runs = 200): number {
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return (performance.now() - start) / runs;
}

describe.each<XsrfMode>(['default', 'oauth2client'])(
  'X1 round trip and expiry (%s mode)',
  (mode) => {
    const xsrf = new XsrfTokens(KEY, { mode });
    const token = xsrf.generate('user-1', 'action-1', { when: T0 });

    it('is valid from issue up to exactly 3600 s old, invalid at 3601 s', () => {
      expect(DEFAULT_TIMEOUT_SECS).toBe(3600);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 })).toBe(true);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 + 15 * 60 })).toBe(true);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 + 3600 })).toBe(true);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 + 3600.5 })).toBe(false);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 + 3601 })).toBe(false);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 + 2 * 3600 })).toBe(false);
    });

    it('follows a frozen clock passed as a Date', () => {
      const clock = new FrozenClock(T0 * 1000);
      const fromClock = xsrf.generate('user-1', 'action-1', { when: new Date(clock.now()) });
      expect(fromClock).toBe(token);
      clock.advance(3600_000);
      expect(xsrf.validate(fromClock, 'user-1', 'action-1', { now: new Date(clock.now()) })).toBe(
        true,
      );
      clock.advance(1000);
      expect(xsrf.validate(fromClock, 'user-1', 'action-1', { now: new Date(clock.now()) })).toBe(
        false,
      );
    });

    it('rejects tokens dated more than 60 s in the future (the original accepted them)', () => {
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 - 60 })).toBe(true);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 - 61 })).toBe(false);
      expect(xsrf.validate(token, 'user-1', 'action-1', { now: T0 - 10 * 365 * 86400 })).toBe(
        false,
      );
    });

    it('rejects a different user, action, key or mode', () => {
      const now = { now: T0 };
      expect(xsrf.validate(token, 'user-2', 'action-1', now)).toBe(false);
      expect(xsrf.validate(token, 'user-1', 'action-2', now)).toBe(false);
      expect(xsrf.validate(token, 'user-1', '', now)).toBe(false);
      const otherKey = Buffer.from(KEY);
      otherKey[0] = (otherKey[0] ?? 0) ^ 1;
      expect(new XsrfTokens(otherKey, { mode }).validate(token, 'user-1', 'action-1', now)).toBe(
        false,
      );
      const otherMode = mode === 'default' ? 'oauth2client' : 'default';
      expect(
        new XsrfTokens(KEY, { mode: otherMode }).validate(token, 'user-1', 'action-1', now),
      ).toBe(false);
    });

    it('honours timeoutSecs', () => {
      const short = new XsrfTokens(KEY, { mode, timeoutSecs: 60 });
      expect(short.timeoutSecs).toBe(60);
      expect(short.validate(token, 'user-1', 'action-1', { now: T0 + 60 })).toBe(true);
      expect(short.validate(token, 'user-1', 'action-1', { now: T0 + 61 })).toBe(false);
    });

    it('uses the real time when none is given', () => {
      const fresh = xsrf.generate(42, 'a');
      const issued = Number(Buffer.from(fresh, 'base64url').toString('latin1').split(':').pop());
      expect(Math.abs(issued - Date.now() / 1000)).toBeLessThan(5);
      expect(xsrf.validate(fresh, 42, 'a')).toBe(true);
      expect(xsrf.validate(token, 'user-1', 'action-1')).toBe(false); // issued in 2016
    });
  },
);

describe('X2 forgery', () => {
  const xsrf = new XsrfTokens(KEY);
  const token = xsrf.generate('user-1', 'action-1', { when: T0 });
  const ok = (t: unknown): boolean => xsrf.validate(t, 'user-1', 'action-1', { now: T0 });
  const flip = (t: string, at: number): string => {
    const chars = [...t];
    chars[at] = chars[at] === 'A' ? 'B' : 'A';
    return chars.join('');
  };
  const raw = Buffer.from(token, 'base64url');
  const rebuilt = (bytes: Buffer): string => {
    const s = bytes.toString('base64url');
    return s + '='.repeat((4 - (s.length % 4)) % 4);
  };
  const flippedByte = Buffer.from(raw);
  flippedByte[5] = (flippedByte[5] ?? 0) ^ 0x01;
  const forgeries: [string, unknown][] = [
    ['one decoded byte flipped', rebuilt(flippedByte)],
    ['one character flipped (first)', flip(token, 0)],
    ['one character flipped (middle)', flip(token, 20)],
    ['truncated by one', token.slice(0, -1)],
    ['truncated to the digest', rebuilt(raw.subarray(0, 33))],
    ['extended by "x"', `${token}x`],
    ['extended by a block', `${token}AAAA`],
    ['time changed', rebuilt(Buffer.concat([raw.subarray(0, 33), Buffer.from(String(T0 + 1))]))],
    ['base64 garbage', '!!!not base64 at all!!!'],
    ['base64 of "abc:xyz"', Buffer.from('abc:xyz').toString('base64url')],
    ['"a" (bad padding)', 'a'],
    ['empty', ''],
    ['1 MB', 'A'.repeat(1 << 20)],
    ['1 MB of the token repeated', token.repeat(Math.ceil((1 << 20) / token.length))],
    ['null', null],
    ['undefined', undefined],
    ['a number', 1454328000],
    ['a Buffer of the token', Buffer.from(token)],
    ['a String object', new String(token)],
    ['an object with toString', { toString: () => token }],
    [
      'an oauth2client-mode token',
      new XsrfTokens(KEY, { mode: 'oauth2client' }).generate('user-1', 'action-1', { when: T0 }),
    ],
  ];

  it('accepts the genuine token (control)', () => {
    expect(ok(token)).toBe(true);
  });

  it.each(forgeries)('%s → false, no throw, < 1 ms', (_name, forged) => {
    expect(() => ok(forged)).not.toThrow();
    expect(ok(forged)).toBe(false);
    expect(meanMs(() => ok(forged))).toBeLessThan(1);
  });

  it('"a:b"/"c" and "a"/"b:c" do not collide', () => {
    const one = xsrf.generate('a:b', 'c', { when: T0 });
    const two = xsrf.generate('a', 'b:c', { when: T0 });
    expect(one).not.toBe(two);
    expect(xsrf.validate(one, 'a', 'b:c', { now: T0 })).toBe(false);
    expect(xsrf.validate(two, 'a:b', 'c', { now: T0 })).toBe(false);
    // The compatibility layout does collide: that is why it is not the default.
    const compat = new XsrfTokens(KEY, { mode: 'oauth2client' });
    expect(compat.generate('a:b', 'c', { when: T0 })).toBe(
      compat.generate('a', 'b:c', { when: T0 }),
    );
  });

  it('rejects a non-canonical encoding of the genuine bytes', () => {
    // 32 + 1 + 10 = 43 bytes -> "==" padding: the last data character carries 4 unused bits.
    expect(token).toMatch(/[^=]==$/);
    const last = token.length - 3;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twins = [...alphabet]
      .map((c) => token.slice(0, last) + c + token.slice(last + 1))
      .filter((t) => t !== token && Buffer.from(t, 'base64url').equals(raw));
    expect(twins.length).toBe(15); // same decoded bytes, different text
    for (const twin of twins) expect(ok(twin)).toBe(false);
  });

  it('never validates any single-character substitution (fuzz)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. :';
    let accepted = 0;
    let checked = 0;
    for (let at = 0; at < token.length; at++) {
      for (const c of alphabet) {
        const forged = token.slice(0, at) + c + token.slice(at + 1);
        if (forged === token) continue;
        checked++;
        if (ok(forged)) accepted++;
      }
    }
    expect(checked).toBeGreaterThan(4000);
    expect(accepted).toBe(0);
  });

  it('compares with crypto.timingSafeEqual', () => {
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    expect(ok(token)).toBe(true);
    expect(ok(flip(token, 3))).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
    const [actual, expected] = spy.mock.calls[0] ?? [];
    expect(Buffer.from(actual as Uint8Array).toString('latin1')).toBe(token);
    expect(Buffer.from(expected as Uint8Array).toString('latin1')).toBe(token);
    // Oversized and malformed tokens are turned away before any MAC or comparison.
    const hmac = vi.spyOn(crypto, 'createHmac');
    expect(ok('A'.repeat(1 << 20))).toBe(false);
    expect(ok('!!!')).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(hmac).not.toHaveBeenCalled();
  });
});
