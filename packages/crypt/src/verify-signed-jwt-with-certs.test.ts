// long-file: the J1-J8 adversarial matrix, sharing one set of forged tokens
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import {
  assertNoCanary,
  canary,
  FrozenClock,
  fixtureText,
  rejectionOf,
  testKeys,
  useLoopbackServer,
} from '@oauth2/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { flipSignatureBit, forgeJwt } from '../test/jwt-factory.js';
import { AppIdentityError, type AppIdentityErrorCode } from './errors.js';
import { KeySet } from './key-set.js';
import { makeSignedJwt } from './make-signed-jwt.js';
import { Signer } from './signer.js';
import {
  type VerifySignedJwtOptions,
  verifySignedJwtWithCerts,
} from './verify-signed-jwt-with-certs.js';

const FIXTURE_IAT = 1454328000;
const FIXTURE_EXP = 1454331600;
const fixtureJwt = fixtureText('v1.5.2-signed-jwt.txt').trim();
const fixtureJwtWithKid = fixtureText('v1.5.2-signed-jwt-with-kid.txt').trim();
const certs = testKeys.certsJson;
const rsaKey = createPrivateKey(testKeys.privateKeyPem);
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const weakRsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ecJwks = { keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec1', use: 'sig' }] };

const at = (sec: number): VerifySignedJwtOptions => ({ clock: new FrozenClock(sec * 1000) });

/** Assert a rejection with `code`, and that the error leaks no canary. */
async function rejects(promise: Promise<unknown>, code: AppIdentityErrorCode) {
  const err = await rejectionOf(promise, AppIdentityError, { code });
  assertNoCanary(err, `error ${code}`);
  return err;
}

describe('fixture vectors against certs.json (spec §5.2, acceptance 25)', () => {
  it('verifies v1.5.2-signed-jwt.txt and returns its payload', async () => {
    const payload = await verifySignedJwtWithCerts(fixtureJwt, certs, undefined, at(FIXTURE_IAT));
    expect(payload).toEqual({
      iss: 'some_account@example.com',
      scope: 'read+write',
      aud: 'https://accounts.google.com/o/oauth2/token',
      iat: FIXTURE_IAT,
      exp: FIXTURE_EXP,
      sub: 'joe@example.org',
    });
  });

  it('verifies the kid variant although kid ABCDEF is not a key of the map (kids are hints)', async () => {
    const payload = await verifySignedJwtWithCerts(
      fixtureJwtWithKid,
      certs,
      undefined,
      at(FIXTURE_IAT),
    );
    expect(payload.sub).toBe('joe@example.org');
  });

  it('accepts now == iat - 300 and refuses one second earlier ("Token used too early")', async () => {
    await expect(
      verifySignedJwtWithCerts(fixtureJwt, certs, undefined, at(FIXTURE_IAT - 300)),
    ).resolves.toBeTruthy();
    const err = await rejects(
      verifySignedJwtWithCerts(fixtureJwt, certs, undefined, at(FIXTURE_IAT - 301)),
      'token_used_too_early',
    );
    expect(err.message.startsWith('Token used too early')).toBe(true);
  });

  it('expires at exp + 300 (J3: exp <= now - T), one second before oauth2client does', async () => {
    await expect(
      verifySignedJwtWithCerts(fixtureJwt, certs, undefined, at(FIXTURE_EXP + 299)),
    ).resolves.toBeTruthy();
    const err = await rejects(
      verifySignedJwtWithCerts(fixtureJwt, certs, undefined, at(FIXTURE_EXP + 300)),
      'token_expired',
    );
    expect(err.message.startsWith('Token used too late')).toBe(true);
  });

  it('checks the audience only when one is given (exact match)', async () => {
    const aud = 'https://accounts.google.com/o/oauth2/token';
    await expect(
      verifySignedJwtWithCerts(fixtureJwt, certs, aud, at(FIXTURE_IAT)),
    ).resolves.toBeTruthy();
    const err = await rejects(
      verifySignedJwtWithCerts(fixtureJwt, certs, 'other', at(FIXTURE_IAT)),
      'wrong_audience',
    );
    expect(err.message.startsWith('Wrong recipient')).toBe(true);
  });

  it('accepts the same certs as a KeySet and as a JWKS', async () => {
    const keys = KeySet.from(certs);
    await expect(
      verifySignedJwtWithCerts(fixtureJwt, keys, undefined, at(FIXTURE_IAT)),
    ).resolves.toBeTruthy();
    const jwk = keys.candidates(undefined)[0]?.key.export({ format: 'jwk' });
    const jwks = { keys: [{ ...jwk, kid: 'foo', alg: 'RS256' }] };
    await expect(
      verifySignedJwtWithCerts(fixtureJwt, jwks, undefined, at(FIXTURE_IAT)),
    ).resolves.toBeTruthy();
  });
});

describe('time rules on a frozen clock (J3, T = 300 s)', () => {
  const now = 1_700_000_000;
  const sign = (claims: Record<string, unknown>) =>
    makeSignedJwt(Signer.fromKeyObject(rsaKey), { sub: canary(), ...claims });
  const verify = async (claims: Record<string, unknown>) =>
    verifySignedJwtWithCerts(await sign(claims), certs, undefined, at(now));

  it('accepts exp = now - 299 and iat = now + 300 and nbf = now + 300', async () => {
    await expect(verify({ iat: now - 3000, exp: now - 299 })).resolves.toBeTruthy();
    await expect(verify({ iat: now + 300, exp: now + 3600 })).resolves.toBeTruthy();
    await expect(verify({ iat: now, nbf: now + 300, exp: now + 3600 })).resolves.toBeTruthy();
  });

  it('rejects exp = now - 300, iat = now + 301, nbf = now + 301', async () => {
    await rejects(verify({ iat: now - 3000, exp: now - 300 }), 'token_expired');
    await rejects(verify({ iat: now + 301, exp: now + 3600 }), 'token_used_too_early');
    await rejects(verify({ iat: now, nbf: now + 301, exp: now + 3600 }), 'token_used_too_early');
  });

  it('rejects exp - now >= 86 400 ("exp field too far in future") and accepts 86 399', async () => {
    const err = await rejects(verify({ iat: now, exp: now + 86_400 }), 'lifetime_too_long');
    expect(err.message).toMatch(/too far in future/);
    await expect(verify({ iat: now, exp: now + 86_399 })).resolves.toBeTruthy();
  });

  it('rejects a missing iat or exp, and a string exp', async () => {
    expect((await rejects(verify({ exp: now + 60 }), 'missing_claim')).message).toMatch(
      /^No iat field/,
    );
    expect((await rejects(verify({ iat: now }), 'missing_claim')).message).toMatch(/^No exp field/);
    await rejects(verify({ iat: now, exp: '123' }), 'invalid_claim');
  });

  it('honours clockToleranceSec and maxLifetimeSec', async () => {
    const jwt = await sign({ iat: now - 100, exp: now - 10 });
    await rejects(
      verifySignedJwtWithCerts(jwt, certs, undefined, { ...at(now), clockToleranceSec: 0 }),
      'token_expired',
    );
    const long = await sign({ iat: now, exp: now + 7200 });
    await rejects(
      verifySignedJwtWithCerts(long, certs, undefined, { ...at(now), maxLifetimeSec: 3600 }),
      'lifetime_too_long',
    );
  });
});

describe('signature before claims (J2)', () => {
  const now = FIXTURE_IAT;

  it('rejects one flipped signature bit', async () => {
    await rejects(
      verifySignedJwtWithCerts(flipSignatureBit(fixtureJwt), certs, undefined, at(now)),
      'signature_invalid',
    );
  });

  it('reports the signature, not the expiry, for an expired token with a bad signature', async () => {
    const expiredAndForged = flipSignatureBit(fixtureJwt);
    const err = await rejects(
      verifySignedJwtWithCerts(expiredAndForged, certs, 'wrong-audience', at(FIXTURE_EXP + 10_000)),
      'signature_invalid',
    );
    expect(err.message).toBe('Invalid token signature.');
  });

  it('rejects an ES256 token whose signature is all zeros', async () => {
    const jwt = forgeJwt(
      { alg: 'ES256', kid: 'ec1' },
      { iat: now, exp: now + 60 },
      { raw: Buffer.alloc(64) },
    );
    await rejects(
      verifySignedJwtWithCerts(jwt, ecJwks, undefined, { ...at(now), algorithms: ['ES256'] }),
      'signature_invalid',
    );
  });

  it('tries every usable key when the kid does not pick one, and reports a signature failure after all', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const keys = KeySet.fromJwks({
      keys: [
        { ...other.export({ format: 'jwk' }), kid: 'a' },
        { ...ec.publicKey.export({ format: 'jwk' }), kid: 'b' },
        { ...createPublicKey(rsaKey).export({ format: 'jwk' }), kid: 'c' }, // signed the fixture
      ],
    });
    expect(keys.kids).toEqual(['a', 'b', 'c']);
    await expect(
      verifySignedJwtWithCerts(fixtureJwt, keys, undefined, at(now)),
    ).resolves.toMatchObject({ sub: 'joe@example.org' });
    await rejects(
      verifySignedJwtWithCerts(flipSignatureBit(fixtureJwt), keys, undefined, at(now)),
      'signature_invalid',
    );
  });

  it('never decodes without keys: an empty cert map is an error, not a silent success', async () => {
    await rejects(verifySignedJwtWithCerts(fixtureJwt, {}, undefined, at(now)), 'no_matching_key');
    await rejects(
      verifySignedJwtWithCerts(fixtureJwt, { keys: [] }, undefined, at(now)),
      'no_matching_key',
    );
  });

  it('verifies a valid ES256 token when ES256 is allowed, and refuses it by default', async () => {
    const jwt = forgeJwt(
      { alg: 'ES256', kid: 'ec1' },
      { iat: now, exp: now + 60 },
      { ec: ec.privateKey },
    );
    await expect(
      verifySignedJwtWithCerts(jwt, ecJwks, undefined, { ...at(now), algorithms: ['ES256'] }),
    ).resolves.toBeTruthy();
    await rejects(verifySignedJwtWithCerts(jwt, ecJwks, undefined, at(now)), 'alg_not_allowed');
  });
});

describe('algorithm and key rules (adversarial decision 7)', () => {
  const now = FIXTURE_IAT;
  const claims = { iat: now, exp: now + 60, secret: canary() };

  it('rejects alg "none" (with or without a signature)', async () => {
    await rejects(
      verifySignedJwtWithCerts(
        forgeJwt({ alg: 'none' }, claims, 'none'),
        certs,
        undefined,
        at(now),
      ),
      'alg_not_allowed',
    );
    const trailing = `${forgeJwt({ alg: 'none' }, claims, 'none')}`;
    expect(trailing.endsWith('.')).toBe(true);
    await rejects(
      verifySignedJwtWithCerts(
        forgeJwt({ alg: 'NONE' }, claims, { raw: Buffer.from('x') }),
        certs,
        undefined,
        at(now),
      ),
      'alg_not_allowed',
    );
  });

  it('rejects HS256 keyed with the public certificate, even when asked to allow it', async () => {
    const jwt = forgeJwt({ alg: 'HS256', typ: 'JWT' }, claims, { hmac: certs.foo ?? '' });
    await rejects(verifySignedJwtWithCerts(jwt, certs, undefined, at(now)), 'alg_not_allowed');
    await expect(
      verifySignedJwtWithCerts(jwt, certs, undefined, {
        ...at(now),
        algorithms: ['HS256' as 'RS256'],
      }),
    ).rejects.toThrow(TypeError);
  });

  it('rejects an RS256 token when the only key is of the wrong type (EC)', async () => {
    const jwt = forgeJwt({ alg: 'RS256', kid: 'ec1' }, claims, { rsa: rsaKey });
    const err = await rejects(
      verifySignedJwtWithCerts(jwt, ecJwks, undefined, at(now)),
      'key_unsupported',
    );
    expect(err.message).toMatch(/RSA/);
  });

  it('rejects an ES256 token whose kid names an RSA key', async () => {
    const jwt = forgeJwt({ alg: 'ES256', kid: 'foo' }, claims, { ec: ec.privateKey });
    await rejects(
      verifySignedJwtWithCerts(jwt, certs, undefined, {
        ...at(now),
        algorithms: ['RS256', 'ES256'],
      }),
      'key_unsupported',
    );
  });

  it('rejects RSA keys under 2048 bits before looking at the claims', async () => {
    const jwt = forgeJwt(
      { alg: 'RS256' },
      { exp: 'not even a number' },
      { rsa: weakRsa.privateKey },
    );
    const weakCerts = { keys: [weakRsa.publicKey.export({ format: 'jwk' })] };
    const err = await rejects(
      verifySignedJwtWithCerts(jwt, weakCerts, undefined, at(now)),
      'key_unsupported',
    );
    expect(err.message).toMatch(/2048/);
  });

  it('ignores a JWKS key whose alg differs, and symmetric or private JWKs', async () => {
    const jwk = KeySet.from(certs).candidates(undefined)[0]?.key.export({ format: 'jwk' });
    const only = (extra: Record<string, unknown>) => ({ keys: [{ ...jwk, ...extra }] });
    await rejects(
      verifySignedJwtWithCerts(fixtureJwt, only({ alg: 'RS512' }), undefined, at(now)),
      'key_unsupported',
    );
    await rejects(
      verifySignedJwtWithCerts(fixtureJwt, only({ use: 'enc' }), undefined, at(now)),
      'no_matching_key',
    );
    const oct = {
      keys: [{ kty: 'oct', k: Buffer.from(certs.foo ?? '').toString('base64url'), kid: 'foo' }],
    };
    const hs = forgeJwt({ alg: 'HS256', kid: 'foo' }, claims, { hmac: certs.foo ?? '' });
    await rejects(verifySignedJwtWithCerts(hs, oct, undefined, { ...at(now) }), 'alg_not_allowed');
    await rejects(verifySignedJwtWithCerts(fixtureJwt, oct, undefined, at(now)), 'no_matching_key');
  });

  describe('jku / x5u / jwk / x5c are never fetched or trusted', () => {
    const server = useLoopbackServer({ per: 'file' });
    beforeAll(() => {
      server.route('GET', '/jwks', {
        body: { keys: [weakRsa.publicKey.export({ format: 'jwk' })] },
      });
    });

    it('rejects a token signed by an attacker key that its own header advertises', async () => {
      const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const header = {
        alg: 'RS256',
        kid: 'attacker',
        jku: server.urlOf('/jwks'),
        x5u: server.urlOf('/x5u'),
        jwk: attacker.publicKey.export({ format: 'jwk' }),
        x5c: ['MIIB'],
      };
      const jwt = forgeJwt(header, claims, { rsa: attacker.privateKey });
      await rejects(verifySignedJwtWithCerts(jwt, certs, undefined, at(now)), 'signature_invalid');
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe('malformed tokens fail fast with code "jwt_malformed"', () => {
  const now = FIXTURE_IAT;
  const [h, p, s] = fixtureJwt.split('.') as [string, string, string];
  const cases: [string, string][] = [
    ['two segments', `${h}.${p}`],
    ['four segments', `${fixtureJwt}.${s}`],
    ['one segment', h],
    ['empty', ''],
    ['bad base64url in the header', `${h.slice(0, -1)}*.${p}.${s}`],
    ['bad base64url in the payload', `${h}.${p}+.${s}`],
    ['bad base64url in the signature', `${h}.${p}.${s}/`],
    ['padding', `${h}.${p}.${s}==`],
    [
      'a header that is a JSON array',
      `${Buffer.from('["RS256"]').toString('base64url')}.${p}.${s}`,
    ],
    ['a header that is not JSON', `${Buffer.from('{alg:RS256').toString('base64url')}.${p}.${s}`],
    ['a null header', `${Buffer.from('null').toString('base64url')}.${p}.${s}`],
  ];
  for (const [name, token] of cases) {
    it(`rejects ${name}`, async () => {
      await rejects(verifySignedJwtWithCerts(token, certs, undefined, at(now)), 'jwt_malformed');
    });
  }

  it('names the segment count like oauth2client, without echoing the token', async () => {
    const token = `${canary()}.${canary()}`;
    const err = await rejects(
      verifySignedJwtWithCerts(token, certs, undefined, at(now)),
      'jwt_malformed',
    );
    expect(err.message).toBe('Wrong number of segments in token.');
  });

  it('rejects a 1 MB token in well under a millisecond per call, before parsing', async () => {
    const huge = `${h}.${'A'.repeat(1024 * 1024)}.${s}`;
    const keys = KeySet.from(certs);
    const options = at(now);
    await rejects(verifySignedJwtWithCerts(huge, keys, undefined, options), 'jwt_malformed');
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      await verifySignedJwtWithCerts(huge, keys, undefined, options).catch(
        (e: AppIdentityError) => {
          if (e.code !== 'jwt_malformed') throw e;
        },
      );
    }
    expect((performance.now() - started) / 100).toBeLessThan(1);
  });

  it('rejects a signed payload that is not a JSON object, after the signature check', async () => {
    const jwt = forgeJwt({ alg: 'RS256' }, '[1,2]', { rsa: rsaKey });
    const err = await rejects(
      verifySignedJwtWithCerts(jwt, certs, undefined, at(now)),
      'jwt_malformed',
    );
    expect(err.message).toMatch(/^Can't parse token/);
  });

  it('rejects a validly signed payload that is not valid UTF-8 (J8)', async () => {
    const payload = Buffer.concat([
      Buffer.from('{"iat":1,"exp":2,"x":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const input = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${payload.toString('base64url')}`;
    const jwt = `${input}.${sign('sha256', Buffer.from(input), rsaKey).toString('base64url')}`;
    await rejects(verifySignedJwtWithCerts(jwt, certs, undefined, at(now)), 'jwt_malformed');
  });

  it('rejects crit header parameters', async () => {
    const jwt = forgeJwt(
      { alg: 'RS256', crit: ['exp'], exp: 1 },
      { iat: now, exp: now + 60 },
      { rsa: rsaKey },
    );
    await rejects(verifySignedJwtWithCerts(jwt, certs, undefined, at(now)), 'jwt_malformed');
  });

  it('refuses crit: ["b64"] too (jose accepts that RFC 7797 extension; we support none)', async () => {
    const jwt = forgeJwt(
      { alg: 'RS256', crit: ['b64'], b64: true },
      { iat: now, exp: now + 60 },
      { rsa: rsaKey },
    );
    const err = await rejects(
      verifySignedJwtWithCerts(jwt, certs, undefined, at(now)),
      'jwt_malformed',
    );
    expect(err.message).toMatch(/crit/);
  });

  it('refuses a segment length no base64url has before any key is needed', async () => {
    const impossible = (segment: string) => segment + 'A'.repeat((5 - (segment.length % 4)) % 4);
    const payload = `${h}.${impossible(p)}.${s}`; // jose would check the signature first
    const err = await rejects(
      verifySignedJwtWithCerts(payload, {}, undefined, at(now)),
      'jwt_malformed',
    );
    expect(err.message).toBe('The token payload is not base64url.');
    const signature = `${h}.${p}.${impossible(s)}`; // jose would ask for the keys first
    expect(
      (await rejects(verifySignedJwtWithCerts(signature, {}, undefined, at(now)), 'jwt_malformed'))
        .message,
    ).toBe('The token signature is not base64url.');
  });

  it('accepts the token as bytes', async () => {
    await expect(
      verifySignedJwtWithCerts(Buffer.from(fixtureJwt), certs, undefined, at(now)),
    ).resolves.toBeTruthy();
  });
});
