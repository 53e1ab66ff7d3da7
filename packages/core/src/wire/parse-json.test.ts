import { describe, expect, it } from 'vitest';
import { jsonNestingDepth, MAX_JSON_DEPTH, parseJson } from './parse-json.js';

describe('parseJson', () => {
  it('parses ordinary documents like JSON.parse', () => {
    expect(parseJson('{"a": [1, {"b": "x"}]}')).toEqual({ a: [1, { b: 'x' }] });
    expect(jsonNestingDepth('{"a": [1, {"b": "x"}]}')).toBe(3);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingDepth('{"a": "[[[{{\\"[[["}')).toBe(1);
  });

  it('refuses a document nested past the limit, without overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseJson(deep)).toThrow(
      new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`),
    );
    const atLimit = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(Array.isArray(parseJson(atLimit))).toBe(true);
    expect(() => parseJson(`[${atLimit}]`)).toThrow(SyntaxError);
  });

  it('at the shortest length that can nest past the limit, still refuses; shorter is only malformed', () => {
    // Valid JSON deeper than 4 needs at least 10 characters; the scan runs from there.
    expect(() => parseJson(`${'['.repeat(5)}${']'.repeat(5)}`, 4)).toThrow(
      new SyntaxError('JSON nested deeper than 4 levels'),
    );
    expect(parseJson(`${'['.repeat(4)}${']'.repeat(4)}`, 4)).toEqual([[[[]]]]);
    // Nine openers and nothing else: too short to be valid at depth 5, so JSON.parse refuses it.
    expect(() => parseJson('['.repeat(9), 4)).toThrow(new SyntaxError('malformed JSON'));
  });

  it('never quotes the input in its message', () => {
    expect(() => parseJson('{"refresh_token": "secret-value"')).toThrow(
      new SyntaxError('malformed JSON'),
    );
  });
});
