import { VerifyJwtTokenError } from '@oauth2/core/errors';
import { assertNoCanary, canary } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { decodeIdTokenPayload, decodeIdTokenPayloadUnverified } from './id-token.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('decodeIdTokenPayloadUnverified', () => {
  it('decodes the payload segment without verifying', () => {
    const jwt = `${b64({ alg: 'RS256' })}.${b64({ sub: '123', email: 'user@example.com' })}.c2ln`;
    expect(decodeIdTokenPayloadUnverified(jwt)).toEqual({ sub: '123', email: 'user@example.com' });
    expect(decodeIdTokenPayload).toBe(decodeIdTokenPayloadUnverified);
  });

  it('decodes the 4.1.3 fixture id_token_jwt to its id_token', () => {
    const jwt =
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiAiMTIzIiwgImVtYWlsIjogInVzZXJAZXhhbXBsZS5jb20ifQ.c2ln';
    expect(decodeIdTokenPayload(jwt)).toEqual({ sub: '123', email: 'user@example.com' });
  });

  it.each([
    ['two segments', 'a.b'],
    ['four segments', 'a.b.c.d'],
    ['one segment', 'abc'],
    ['bad JSON', `x.${Buffer.from('{not json').toString('base64url')}.y`],
    ['a JSON array', `x.${b64([1, 2])}.y`],
    ['JSON null', `x.${b64(null)}.y`],
  ])('%s → VerifyJwtTokenError', (_label, jwt) => {
    expect(() => decodeIdTokenPayload(jwt)).toThrow(VerifyJwtTokenError);
  });

  it('never quotes the token in the error', () => {
    const secret = canary();
    const err = (() => {
      try {
        decodeIdTokenPayload(`x.${Buffer.from(`{"a":"${secret}"`).toString('base64url')}.y`);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(VerifyJwtTokenError);
    assertNoCanary(err, 'the id token error');
  });
});
