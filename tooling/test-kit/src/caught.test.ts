import { describe, expect, it } from 'vitest';
import { rejectionOf, thrownBy } from './caught.js';

class CodedError extends Error {
  constructor(readonly code: string) {
    super(`failed: ${code}`);
  }
}

describe('thrownBy', () => {
  it('returns what the function throws, typed when a class is given', () => {
    const err = thrownBy(() => {
      throw new CodedError('bad');
    }, CodedError);
    expect(err.code).toBe('bad');
    expect(thrownBy(() => JSON.parse('{'))).toBeInstanceOf(SyntaxError);
  });

  it('fails when nothing is thrown, when the class differs, or when a field differs', () => {
    expect(() => thrownBy(() => 1)).toThrow('expected a throw');
    expect(() => thrownBy(() => JSON.parse('{'), CodedError)).toThrow(/CodedError/);
    expect(() =>
      thrownBy(
        () => {
          throw new CodedError('bad');
        },
        CodedError,
        { code: 'other' },
      ),
    ).toThrow();
  });
});

describe('rejectionOf', () => {
  it('returns the rejection, typed when a class is given, with the fields checked', async () => {
    const err = await rejectionOf(Promise.reject(new CodedError('x')), CodedError, { code: 'x' });
    expect(err.code).toBe('x');
    expect(await rejectionOf(Promise.reject(new RangeError('r')))).toBeInstanceOf(RangeError);
  });

  it('fails when the promise resolves or rejects with another class', async () => {
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow('expected a rejection');
    await expect(rejectionOf(Promise.reject(new RangeError('r')), CodedError)).rejects.toThrow();
  });
});
