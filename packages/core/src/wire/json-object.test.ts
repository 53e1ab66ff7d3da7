import { describe, expect, it } from 'vitest';
import { CredentialsCorruptError } from '../errors.js';
import { toJsonRecord } from '../internal/json-record.js';
import { parseJsonObject } from './json-object.js';

describe('parseJsonObject (the one JSON-object reader)', () => {
  it('takes text, bytes or an object', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject(Buffer.from('{"a":2}'))).toEqual({ a: 2 });
    const object = { a: 3 };
    expect(parseJsonObject(object)).toBe(object);
  });

  it('hands each problem to `fail`, with a position and never the input', () => {
    const problems: unknown[] = [];
    const fail = (p: unknown) => {
      problems.push(p);
      return new Error('x');
    };
    for (const text of ['{"secret": 1,}', '[1]', 'null', `${'['.repeat(65)}${']'.repeat(65)}`]) {
      expect(() => parseJsonObject(text, fail)).toThrow('x');
    }
    expect(problems).toEqual([
      { kind: 'malformed', position: 13 },
      { kind: 'not_object' },
      { kind: 'not_object' },
      { kind: 'too_deep', maxDepth: 64 },
    ]);
  });

  it('defaults to CredentialsCorruptError (toJsonRecord)', () => {
    expect(() => toJsonRecord('{"refresh_token": "s3cret"')).toThrow(CredentialsCorruptError);
    expect(() => toJsonRecord('{"refresh_token": "s3cret"')).not.toThrow(/s3cret/);
    expect(() => toJsonRecord('[]')).toThrow('not a JSON object');
  });
});
