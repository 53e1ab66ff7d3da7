import { fixtureText, testKeys } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { makeSignedJwt } from './make-signed-jwt.js';
import { Signer } from './signer.js';

const FIXTURE_PAYLOAD = {
  iss: 'some_account@example.com',
  scope: 'read+write',
  aud: 'https://accounts.google.com/o/oauth2/token',
  iat: 1454328000,
  exp: 1454331600,
  sub: 'joe@example.org',
};

function decodeSegment(jwt: string, i: number): string {
  return Buffer.from(jwt.split('.')[i] ?? '', 'base64url').toString('utf8');
}

describe('makeSignedJwt (spec §5.1, acceptance 24)', () => {
  it('reproduces v1.5.2-signed-jwt.txt byte for byte with the PKCS#1 key', async () => {
    const signer = Signer.fromString(testKeys.privateKeyPem);
    const jwt = await makeSignedJwt(signer, FIXTURE_PAYLOAD);
    expect(jwt).toBe(fixtureText('v1.5.2-signed-jwt.txt').trim());
  });

  it('reproduces it with the PKCS#8 key behind a Bag Attributes preamble', async () => {
    const signer = Signer.fromString(testKeys.privateKeyPkcs8WithBagAttributes);
    expect(await makeSignedJwt(signer, FIXTURE_PAYLOAD)).toBe(
      fixtureText('v1.5.2-signed-jwt.txt').trim(),
    );
  });

  it('reproduces v1.5.2-signed-jwt-with-kid.txt with the legacy header order', async () => {
    const signer = Signer.fromString(testKeys.privateKeyPem);
    const jwt = await makeSignedJwt(signer, FIXTURE_PAYLOAD, {
      header: { alg: 'RS256', typ: 'JWT', kid: 'ABCDEF' },
    });
    expect(jwt).toBe(fixtureText('v1.5.2-signed-jwt-with-kid.txt').trim());
  });

  it('reproduces v4.1.3-service-account-assertion.txt with keyId', async () => {
    const signer = Signer.fromString(testKeys.privateKeyPem);
    const payload = {
      aud: 'https://oauth2.googleapis.com/token',
      scope: 'read+write',
      iat: 1454328000,
      exp: 1454331600,
      iss: 'some_account@example.com',
      sub: 'joe@example.org',
    };
    const jwt = await makeSignedJwt(signer, payload, { keyId: 'ABCDEF' });
    expect(jwt).toBe(fixtureText('v4.1.3-service-account-assertion.txt').trim());
    expect(decodeSegment(jwt, 0)).toBe('{"typ":"JWT","alg":"RS256","kid":"ABCDEF"}');
  });

  it('escapes non-ASCII claims as Python json.dumps does, without padding', async () => {
    const signer = Signer.fromString(testKeys.privateKeyPem);
    const jwt = await makeSignedJwt(signer, { name: 'Zoë 😀', n: 1 });
    expect(decodeSegment(jwt, 1)).toBe('{"name":"Zo\\u00eb \\ud83d\\ude00","n":1}');
    expect(jwt).not.toContain('=');
    expect(JSON.parse(decodeSegment(jwt, 1)).name).toBe('Zoë 😀');
  });

  it('refuses a header whose alg is not the signer’s', async () => {
    const signer = Signer.fromString(testKeys.privateKeyPem);
    await expect(makeSignedJwt(signer, {}, { header: { alg: 'none' } })).rejects.toThrow(TypeError);
  });
});
