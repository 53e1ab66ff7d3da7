import { describe, expect, it } from 'vitest';
import { quoteIdentifier, quoteTable } from './identifier.js';

describe('quoteIdentifier / quoteTable', () => {
  it.each([
    ['users', '"users"'],
    ['Mixed Case', '"Mixed Case"'],
    ['a"b', '"a""b"'],
    ['x; DROP TABLE y; --', '"x; DROP TABLE y; --"'],
    ['"', '""""'],
  ])('%j -> %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });

  it('splits a string at its first dot; an array keeps dots inside names', () => {
    expect(quoteTable('app.users')).toBe('"app"."users"');
    expect(quoteTable('a.b.c')).toBe('"a"."b.c"');
    expect(quoteTable(['my.schema', 'my.table'])).toBe('"my.schema"."my.table"');
  });

  it('refuses what PostgreSQL would misread or truncate', () => {
    expect(() => quoteIdentifier('')).toThrow(TypeError);
    expect(() => quoteIdentifier('a\0')).toThrow(/NUL/);
    expect(() => quoteIdentifier('é'.repeat(32))).toThrow(/63 bytes/);
    expect(quoteIdentifier('x'.repeat(63))).toHaveLength(65);
    expect(() => quoteTable(['only-one'] as unknown as [string, string])).toThrow(TypeError);
    expect(() => quoteTable('.users')).toThrow(TypeError);
  });
});
