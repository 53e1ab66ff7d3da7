import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from './py-json.js';

describe('pyJsonDumps (Python json.dumps default formatting)', () => {
  it.each([
    [null, 'null'],
    [true, 'true'],
    [3600, '3600'],
    [1.5, '1.5'],
    ['a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['Zoë ✓', '"Zo\\u00eb \\u2713"'],
    ['\u007f\u0001', '"\\u007f\\u0001"'],
    ['😀', '"\\ud83d\\ude00"'],
    [[], '[]'],
    [{}, '{}'],
    [[1, 'a', null], '[1, "a", null]'],
    [{ a: 1, b: { c: [true] } }, '{"a": 1, "b": {"c": [true]}}'],
    [new Set(['x', 'y']), '["x", "y"]'],
    [Number.NaN, 'NaN'],
  ])('%j', (value, expected) => {
    expect(pyJsonDumps(value)).toBe(expected);
  });

  it('keeps insertion order and skips undefined values', () => {
    expect(pyJsonDumps({ z: 1, a: undefined, m: 2 })).toBe('{"z": 1, "m": 2}');
  });
});
