import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.js';

describe('cookies', () => {
  it('parses a Cookie header; the first of a repeated name wins', () => {
    const cookies = parseCookies('a=1; b="2"; a=3; junk; =x; c=d=e');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', 'd=e'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('always writes HttpOnly and SameSite=Lax; Secure only when asked', () => {
    expect(serializeCookie('n', 'v', { path: '/cb', maxAgeSec: 600, secure: true })).toBe(
      'n=v; Path=/cb; Max-Age=600; HttpOnly; SameSite=Lax; Secure',
    );
    expect(serializeCookie('n', '', { path: '/cb', maxAgeSec: -5, secure: false })).toBe(
      'n=; Path=/cb; Max-Age=0; HttpOnly; SameSite=Lax',
    );
  });
});
