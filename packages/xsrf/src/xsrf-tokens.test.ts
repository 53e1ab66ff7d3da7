import { Buffer } from 'node:buffer';
import crypto from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XsrfError } from './errors.js';
import { MIN_KEY_BYTES, XsrfTokens } from './xsrf-tokens.js';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef', 'latin1'); // exactly 32 bytes
const T0 = 1_454_328_000; // 2016-02-01T12:00:00Z, the test kit's FrozenClock default

afterEach(() => {
  vi.restoreAllMocks();
});

describe('key checks', () => {
  it('refuses a default-mode key under 32 bytes with a TypeError at construction', () => {
    expect(MIN_KEY_BYTES).toBe(32);
    for (const key of ['x'.repeat(31), Buffer.alloc(31), new Uint8Array(16), '', 'test key']) {
      let thrown: unknown;
      try {
        new XsrfTokens(key);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect(thrown).toMatchObject({ code: 'xsrf_key_too_short' });
      expect((thrown as Error).message).toMatch(/at least 32.*randomBytes\(32\)/);
    }
  });

  it('measures string keys in UTF-8 bytes and accepts 32 bytes', () => {
    expect(() => new XsrfTokens('é'.repeat(16))).not.toThrow(); // 32 bytes, 16 characters
    expect(() => new XsrfTokens(`${'é'.repeat(15)}e`)).toThrow(TypeError); // 31 bytes
    expect(() => new XsrfTokens(new Uint8Array(32))).not.toThrow();
    expect(() => new XsrfTokens(crypto.randomBytes(64))).not.toThrow();
  });

  it('accepts any key in oauth2client mode, including short and empty ones', () => {
    for (const key of ['test key', '', Buffer.from([0xff, 0x00])]) {
      const xsrf = new XsrfTokens(key, { mode: 'oauth2client' });
      expect(xsrf.validate(xsrf.generate(1, 'a', { when: T0 }), 1, 'a', { now: T0 })).toBe(true);
    }
  });

  it('treats equal bytes as the same key whatever their type, and copies them', () => {
    const bytes = Buffer.from('k'.repeat(40));
    const view = new Uint8Array(new ArrayBuffer(50), 5, 40);
    view.set(bytes);
    const tokens = [bytes, view, 'k'.repeat(40)].map((k) =>
      new XsrfTokens(k).generate('u', 'a', { when: T0 }),
    );
    expect(new Set(tokens).size).toBe(1);
    const xsrf = new XsrfTokens(bytes);
    bytes.fill(0); // the caller's buffer changing later does not change the key
    expect(xsrf.validate(tokens[0], 'u', 'a', { now: T0 })).toBe(true);
  });

  it.each([
    ['a number', 12345],
    ['null', null],
    ['undefined', undefined],
    ['an ArrayBuffer', new ArrayBuffer(32)],
    ['a Uint16Array', new Uint16Array(32)],
    ['a lone surrogate string', `${'k'.repeat(40)}\ud800`],
  ])('refuses a key that is %s', (_name, key) => {
    expect(() => new XsrfTokens(key as never)).toThrow(
      expect.objectContaining({ name: 'XsrfError', code: 'xsrf_invalid_argument' }),
    );
  });

  it('refuses an unknown mode and a bad timeoutSecs', () => {
    const bad = [
      { mode: 'md5' },
      { timeoutSecs: -1 },
      { timeoutSecs: Number.NaN },
      { timeoutSecs: '60' },
    ];
    for (const options of bad) {
      expect(() => new XsrfTokens(KEY, options as never)).toThrow(
        expect.objectContaining({ code: 'xsrf_invalid_argument' }),
      );
    }
  });
});

describe('user ids, actions and times', () => {
  const xsrf = new XsrfTokens(KEY);
  const at = { when: T0 };

  it('signs integers as their decimal string: 123, 123n and "123" are one user', () => {
    const tokens = [123, 123n, '123'].map((u) => xsrf.generate(u, 'a', at));
    expect(new Set(tokens).size).toBe(1);
    expect(xsrf.generate(2n ** 64n, 'a', at)).not.toBe(xsrf.generate(2 ** 53 - 1, 'a', at));
    expect(xsrf.validate(xsrf.generate(-7, 'a', at), '-7', 'a', { now: T0 })).toBe(true);
  });

  it('distinguishes Unicode user ids and actions exactly', () => {
    expect(xsrf.generate('é', '', at)).not.toBe(xsrf.generate('e\u0301', '', at));
    expect(xsrf.validate(xsrf.generate('用户😀', '/π', at), '用户😀', '/π', { now: T0 })).toBe(
      true,
    );
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a float', 1.5],
    ['an unsafe integer', 2 ** 53],
    ['NaN', Number.NaN],
    ['an object', { id: 1 }],
    ['a lone surrogate', '\udc00'],
  ])('refuses a user id that is %s, in generate and validate', (_name, userId) => {
    const err = expect.objectContaining({ name: 'XsrfError', code: 'xsrf_invalid_argument' });
    expect(() => xsrf.generate(userId as never, 'a', at)).toThrow(err);
    expect(() => xsrf.validate('token', userId as never, 'a')).toThrow(err);
  });

  it('refuses a non-string action and a bad when/now', () => {
    const err = expect.objectContaining({ code: 'xsrf_invalid_argument' });
    expect(() => xsrf.generate('u', 5 as never)).toThrow(err);
    expect(() => xsrf.validate('t', 'u', null as never)).toThrow(err);
    for (const when of [-1, 1.5, Number.NaN, new Date(Number.NaN), '1454328000', 2 ** 53]) {
      expect(() => xsrf.generate('u', 'a', { when: when as never })).toThrow(err);
    }
    for (const now of [Number.POSITIVE_INFINITY, new Date(Number.NaN), '1454328000']) {
      expect(() => xsrf.validate('t', 'u', 'a', { now: now as never })).toThrow(err);
    }
  });

  it('defaults the action to ""', () => {
    expect(xsrf.generate('u', undefined, at)).toBe(xsrf.generate('u', '', at));
    expect(xsrf.validate(xsrf.generate('u', '', at), 'u', undefined, { now: T0 })).toBe(true);
  });

  it('writes whole seconds and accepts epoch 0', () => {
    const fromDate = xsrf.generate('u', 'a', { when: new Date(T0 * 1000 + 999) });
    expect(fromDate).toBe(xsrf.generate('u', 'a', at));
    const epoch = xsrf.generate('u', 'a', { when: 0 });
    expect(Buffer.from(epoch, 'base64url').toString('latin1').endsWith(':0')).toBe(true);
    expect(xsrf.validate(epoch, 'u', 'a', { now: 3600 })).toBe(true);
  });
});

describe('inspection', () => {
  it('shows mode and timeout but not the key', () => {
    const key = crypto.randomBytes(32);
    const xsrf = new XsrfTokens(key, { timeoutSecs: 600 });
    const shown = `${inspect(xsrf, { showHidden: true, depth: 5 })} ${JSON.stringify(xsrf)}`;
    expect(shown).toContain("mode: 'default'");
    expect(shown).toContain('600');
    for (const form of ['hex', 'base64', 'base64url', 'latin1'] as const) {
      expect(shown).not.toContain(key.toString(form));
    }
    expect(Object.keys(xsrf).sort()).toEqual(['mode', 'timeoutSecs']);
  });
});

describe('XsrfError', () => {
  it('is exported, is a TypeError, and carries the code', () => {
    let thrown: unknown;
    try {
      new XsrfTokens('short');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(XsrfError);
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as XsrfError).code).toBe('xsrf_key_too_short');
    expect((thrown as XsrfError).name).toBe('XsrfError');
  });
});
