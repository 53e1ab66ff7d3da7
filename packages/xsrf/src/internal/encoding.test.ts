import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  defaultLayout,
  encodeToken,
  MAX_TIME_DIGITS,
  oauth2clientLayout,
  readTokenTime,
} from './encoding.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('MAC input layouts', () => {
  it('oauth2client joins with colons, so "a:b"/"c" and "a"/"b:c" sign the same bytes', () => {
    const one = oauth2clientLayout.message(b('a:b'), b('c'), b('7'));
    const two = oauth2clientLayout.message(b('a'), b('b:c'), b('7'));
    expect(one.toString()).toBe('a:b:c:7');
    expect(two.equals(one)).toBe(true);
  });

  it('default mode length-prefixes every field, so those pairs differ (X2)', () => {
    const one = defaultLayout.message(b('a:b'), b('c'), b('7'));
    const two = defaultLayout.message(b('a'), b('b:c'), b('7'));
    expect(one.equals(two)).toBe(false);
    // Also when a field is empty: ("", "ab") vs ("ab", "") vs ("a", "b").
    const msgs = [
      ['', 'ab'],
      ['ab', ''],
      ['a', 'b'],
    ].map(([u = '', a = '']) => defaultLayout.message(b(u), b(a), b('7')).toString('hex'));
    expect(new Set(msgs).size).toBe(3);
  });

  it('default mode frames tag, user, action and time as uint32-BE length + bytes', () => {
    const msg = defaultLayout.message(b('ü'), b(''), b('42'));
    const tag = '@oauth2/xsrf v1';
    const expected = Buffer.concat([
      Buffer.from([0, 0, 0, tag.length]),
      b(tag),
      Buffer.from([0, 0, 0, 2, 0xc3, 0xbc]),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from([0, 0, 0, 2]),
      b('42'),
    ]);
    expect(msg.toString('hex')).toBe(expected.toString('hex'));
  });
});

describe('encodeToken', () => {
  it('is urlsafe base64 of digest + ":" + time with "=" padding kept, like Python', () => {
    // 16 + 1 + 9 = 26 bytes -> 36 chars with one "=" (the §13.3 vector layout).
    const digest = Buffer.alloc(16, 0xfb);
    const token = encodeToken(digest, b('123456789'));
    expect(token).toMatch(/^[A-Za-z0-9_-]+=$/);
    expect(token).toHaveLength(36);
    expect(token).toContain('-'); // 0xfb bytes produce '+'/'/' in standard base64
    expect(Buffer.from(token, 'base64url').toString('latin1').slice(16)).toBe(':123456789');
    expect(encodeToken(Buffer.alloc(16), b('12'))).toMatch(/[^=]==$/); // 19 bytes -> 2 pad chars
    expect(encodeToken(Buffer.alloc(16), b('1'))).toMatch(/[^=]$/); // 18 bytes -> none
  });
});

describe('readTokenTime', () => {
  const token = (digestLength: number, time: string): string =>
    encodeToken(Buffer.alloc(digestLength, 7), b(time));

  it('reads the time after the digest', () => {
    expect(readTokenTime(token(32, '1454328000'), defaultLayout)).toBe(1454328000);
    expect(readTokenTime(token(16, '1200609642081230'), oauth2clientLayout)).toBe(1200609642081230);
    expect(readTokenTime(token(16, '0'), oauth2clientLayout)).toBe(0);
  });

  it('caps tokens at the longest the layout can produce', () => {
    expect(defaultLayout.maxTokenLength).toBe(68); // 32 + 1 + 16 bytes
    expect(oauth2clientLayout.maxTokenLength).toBe(44); // 16 + 1 + 16 bytes
    const longest = token(32, '9'.repeat(MAX_TIME_DIGITS - 1));
    expect(longest.length).toBeLessThanOrEqual(68);
    expect(readTokenTime(longest, defaultLayout)).toBe(999999999999999);
  });

  it('rejects oversized input before decoding anything', () => {
    const huge = 'A'.repeat(1 << 20);
    const from = vi.spyOn(Buffer, 'from');
    const test = vi.spyOn(RegExp.prototype, 'test');
    const results = [
      readTokenTime(huge, defaultLayout),
      readTokenTime(huge.slice(0, 72), defaultLayout),
    ];
    const calls = from.mock.calls.length + test.mock.calls.length;
    vi.restoreAllMocks();
    expect(results).toEqual([undefined, undefined]);
    expect(calls).toBe(0);
  });

  it.each([
    ['empty', ''],
    ['length not a multiple of 4', 'abcde'],
    ['standard alphabet', `${'+'.repeat(20)}/abc`],
    ['whitespace', `${token(16, '1').slice(0, -4)} AA=`],
    ['padding in the middle', 'AA==AAAA'],
    ['three pad chars', 'A==='],
  ])('rejects malformed base64: %s', (_name, input) => {
    expect(readTokenTime(input, oauth2clientLayout)).toBeUndefined();
  });

  it.each([
    ['no time', Buffer.concat([Buffer.alloc(16), b(':')])],
    ['no colon after the digest', Buffer.concat([Buffer.alloc(16), b('x123')])],
    ['short digest', b('abc:123')],
    ['non-digit time', Buffer.concat([Buffer.alloc(16), b(':12a')])],
    ['signed time', Buffer.concat([Buffer.alloc(16), b(':+12')])],
    ['leading zero', Buffer.concat([Buffer.alloc(16), b(':012')])],
    ['17 digits', Buffer.concat([Buffer.alloc(16), b(':12345678901234567')])],
    ['beyond 2^53', Buffer.concat([Buffer.alloc(16), b(':9999999999999999')])],
  ])('rejects a decoded token with %s', (_name, raw) => {
    const unpadded = raw.toString('base64url');
    const input = unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4);
    expect(readTokenTime(input, oauth2clientLayout)).toBeUndefined();
  });
});
