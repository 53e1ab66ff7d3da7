import { describe, expect, it } from 'vitest';
import { parseJsonLenient } from './lenient-json.js';

describe('parseJsonLenient (Python json.loads literals)', () => {
  it('reads NaN, Infinity and -Infinity outside strings', () => {
    expect(parseJsonLenient('{"a": NaN, "b": Infinity, "c": -Infinity, "d": "NaN"}')).toEqual({
      a: Number.NaN,
      b: Number.POSITIVE_INFINITY,
      c: Number.NEGATIVE_INFINITY,
      d: 'NaN',
    });
  });

  it('keeps escaped quotes inside strings intact', () => {
    expect(parseJsonLenient('{"a": "x\\"NaN", "b": NaN}')).toEqual({ a: 'x"NaN', b: Number.NaN });
  });

  it('still rejects invalid JSON', () => {
    expect(() => parseJsonLenient('{"a": Nope}')).toThrow(SyntaxError);
    expect(() => parseJsonLenient('{NaN')).toThrow(SyntaxError);
  });
});
