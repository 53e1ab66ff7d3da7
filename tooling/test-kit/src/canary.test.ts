import { describe, expect, it } from 'vitest';
import { assertNoCanary, canary } from './canary.js';

describe('canary', () => {
  it('makes unique marked secrets', () => {
    const a = canary('ya29.');
    expect(a).toMatch(/^ya29\.CANARY-[0-9a-f-]{36}$/);
    expect(canary()).not.toBe(a);
  });

  it('finds a canary in an error message, its cause, or an object', () => {
    const secret = canary();
    expect(() => assertNoCanary(new Error(`token ${secret}`))).toThrow(/leaked/);
    expect(() => assertNoCanary(new Error('x', { cause: { t: secret } }))).toThrow(/leaked/);
    expect(() => assertNoCanary({ nested: { t: secret } })).toThrow(/leaked/);
    expect(assertNoCanary(new Error('clean')).length).toBeGreaterThan(3);
  });
});
