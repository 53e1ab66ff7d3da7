import { describe, expect, it } from 'vitest';
import { scopesToString, stringToScopes } from './scopes.js';

describe('scopesToString (spec §16)', () => {
  it.each([
    ['', ''],
    [[], ''],
    [[''], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a b'],
    ['a b', 'a b'],
    [new Set(['x', 'y']), 'x y'],
  ] as [string | Iterable<string>, string][])('%j → %j', (input, expected) => {
    expect(scopesToString(input)).toBe(expected);
  });

  it('accepts a generator', () => {
    function* gen() {
      yield 'a';
      yield 'b';
    }
    expect(scopesToString(gen())).toBe('a b');
  });
});

describe('stringToScopes (spec §16)', () => {
  it.each([
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
    ['', []],
    [null, []],
    [undefined, []],
    ['a', ['a']],
    ['a b c d e f', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['a  b', ['a', '', 'b']],
  ] as [string | string[] | null | undefined, string[]][])('%j → %j', (input, expected) => {
    expect(stringToScopes(input)).toEqual(expected);
  });
});
