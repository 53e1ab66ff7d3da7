// adversarial.md Z1: no canary-marked secret (key, user id, action, token) appears in any error,
// in util.inspect / JSON.stringify of the public objects, in a token's bytes, or in the console.
import { Buffer } from 'node:buffer';
import { assertNoCanary, CANARY_PREFIX, canary, thrownBy } from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { generateToken, validateToken, XsrfTokens } from '../src/index.js';

/** The error `fn` throws (failing the test when it does not throw). */

describe('Z1 canary sweep', () => {
  let consoleSpies: MockInstance[] = [];
  beforeEach(() => {
    consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m),
    );
  });
  afterEach(() => {
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  const key = canary('xsrf-key-'); // 52 bytes: long enough for the default mode
  const user = canary('user-');
  const action = canary('/action-');

  it('keeps secrets out of every error this package throws', () => {
    const shortKey = `${CANARY_PREFIX}1234`;
    const errors = [
      thrownBy(() => new XsrfTokens(shortKey)),
      thrownBy(() => validateToken(shortKey, canary(), user, action)),
      thrownBy(() => new XsrfTokens({ secret: key } as never)),
      thrownBy(() => new XsrfTokens(`${key}\ud800`)),
      thrownBy(() => new XsrfTokens(key, { mode: key as never })),
      thrownBy(() => new XsrfTokens(key, { timeoutSecs: key as never })),
      thrownBy(() => generateToken(key, { id: user } as never, action)),
      thrownBy(() => generateToken(key, `${user}\udc00`, action)),
      thrownBy(() => generateToken(key, user, { action } as never)),
      thrownBy(() => generateToken(key, user, `${action}\ud800`)),
      thrownBy(() => generateToken(key, user, action, { when: key as never })),
      thrownBy(() => validateToken(key, canary(), [user] as never, action)),
      thrownBy(() => validateToken(key, canary(), user, action, { now: key as never })),
    ];
    for (const err of errors) {
      expect(err).toBeInstanceOf(TypeError);
      expect(assertNoCanary(err, 'a thrown error').length).toBeGreaterThan(3);
    }
  });

  it('keeps the key out of inspect/JSON of XsrfTokens, in both modes', () => {
    for (const mode of ['default', 'oauth2client'] as const) {
      for (const k of [key, Buffer.from(key)]) {
        assertNoCanary(new XsrfTokens(k, { mode }), 'XsrfTokens');
      }
    }
  });

  it('puts neither key nor user id nor action into the token', () => {
    for (const mode of ['default', 'oauth2client'] as const) {
      const token = generateToken(key, user, action, { mode });
      assertNoCanary(token, 'the token');
      assertNoCanary(Buffer.from(token, 'base64url').toString('latin1'), 'the decoded token');
      expect(validateToken(key, token, user, action, { mode })).toBe(true);
    }
  });

  it('validates hostile canary-bearing tokens quietly', () => {
    for (const token of [canary(), `${canary()}==`, Buffer.from(canary()).toString('base64url')]) {
      expect(validateToken(key, token, user, action)).toBe(false);
    }
  });
});
