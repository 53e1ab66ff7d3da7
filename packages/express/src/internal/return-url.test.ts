import { describe, expect, it } from 'vitest';
import { safeReturnUrl } from './return-url.js';

describe('safeReturnUrl', () => {
  it.each([
    ['/protected', '/protected'],
    ['/a/b?x=1&y=2#frag', '/a/b?x=1&y=2#frag'],
    ['/calendar?q=%2F%2Fevil', '/calendar?q=%2F%2Fevil'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });

  // GHSA-7p99-3798-f85c and friends: every one of these must fall back to "/".
  it.each([
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2Fevil.example',
    '/%2fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%252F%252Fevil.example',
    '/%25252F%25252Fevil.example',
    '/\tevil',
    '/ /evil',
    '/\u0000',
    'evil',
    '',
    '/%E0%A4%A',
    `/${'a'.repeat(3000)}`,
  ])('refuses %j', (input) => {
    expect(safeReturnUrl(input)).toBe('/');
  });

  it('refuses non-strings', () => {
    expect(safeReturnUrl(undefined)).toBe('/');
    expect(safeReturnUrl(['/a'])).toBe('/');
  });
});
