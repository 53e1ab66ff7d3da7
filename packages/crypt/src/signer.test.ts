import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { fixtureJson, testKeys } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { CryptoUnavailableError, InvalidKeyError } from './errors.js';
import { Signer } from './signer.js';
import { Verifier } from './verifier.js';

const OPENSSL =
  'openssl pkcs12 -in key.p12 -nodes -nocerts -passin pass:notasecret | openssl rsa -out key.pem';

describe('Signer.fromString (spec §5.4, acceptance 27)', () => {
  it('reads PKCS#1, PKCS#8 with Bag Attributes, and both sign identically', async () => {
    const a = Signer.fromString(testKeys.privateKeyPem);
    const b = Signer.fromString(testKeys.privateKeyPkcs8WithBagAttributes);
    const c = Signer.fromString(Buffer.from(testKeys.privateKeyPkcs8WithBagAttributes));
    expect(a.algorithm).toBe('RS256');
    const sig = Buffer.from(await a.sign('foo'));
    expect(Buffer.from(await b.sign('foo')).equals(sig)).toBe(true);
    expect(Buffer.from(await c.sign(Buffer.from('foo'))).equals(sig)).toBe(true);
  });

  it('refuses PKCS#12 with CryptoUnavailableError showing the openssl command', () => {
    for (const p12 of [testKeys.privateKeyP12, testKeys.privateKeyP12.toString('base64')]) {
      const err = (() => {
        try {
          Signer.fromString(p12);
        } catch (e) {
          return e as CryptoUnavailableError;
        }
        throw new Error('expected a throw');
      })();
      expect(err).toBeInstanceOf(CryptoUnavailableError);
      expect(err.code).toBe('crypto_unavailable');
      expect(err.message).toContain(OPENSSL);
    }
  });

  it('refuses the v4.1.3 p12 fixture key too', () => {
    const data = fixtureJson<{ _private_key_pkcs12: string }>(
      'v4.1.3-ServiceAccountCredentials-p12.json',
    );
    expect(() => Signer.fromString(Buffer.from(data._private_key_pkcs12, 'base64'))).toThrow(
      CryptoUnavailableError,
    );
  });

  it('refuses garbage, public keys, encrypted keys and weak RSA keys with InvalidKeyError', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const encrypted = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    const broken = testKeys.privateKeyPem.replace(/[A-Z]{10}/, 'AAAAAAAAAA');
    for (const bad of [
      'hello',
      testKeys.publicCertPem,
      encrypted,
      weak,
      broken,
      '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----',
    ]) {
      expect(() => Signer.fromString(bad as string)).toThrow(InvalidKeyError);
    }
  });

  it('signs ES256 with a P-256 key in r||s form', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = Signer.fromKeyObject(privateKey);
    expect(signer.algorithm).toBe('ES256');
    const sig = await signer.sign('data');
    expect(sig.byteLength).toBe(64);
    const verifier = Verifier.fromString(
      publicKey.export({ type: 'spki', format: 'pem' }) as string,
      false,
    );
    expect(await verifier.verify('data', sig)).toBe(true);
  });

  it('never shows the key in inspect or JSON', () => {
    const signer = Signer.fromString(testKeys.privateKeyPem);
    const keyBody = testKeys.privateKeyPem.split('\n')[1] ?? '';
    expect(inspect(signer, { depth: 5 })).not.toContain(keyBody.slice(0, 20));
    expect(JSON.stringify(signer)).toBe('{"algorithm":"RS256"}');
  });
});

describe('Verifier (spec §5.4)', () => {
  it('verifies with an X.509 certificate, and with a private key PEM when isX509Cert is false', async () => {
    const sig = await Signer.fromString(testKeys.privateKeyPem).sign('foo');
    expect(await Verifier.fromString(testKeys.publicCertPem, true).verify('foo', sig)).toBe(true);
    expect(await Verifier.fromString(testKeys.privateKeyPem, false).verify('foo', sig)).toBe(true);
    expect(
      await Verifier.fromString(testKeys.publicKeySpkiPem, false).verify(Buffer.from('foo'), sig),
    ).toBe(true);
  });

  it('returns false, never throws, for wrong messages and bad signatures', async () => {
    const verifier = Verifier.fromString(testKeys.publicCertPem, true);
    const sig = await Signer.fromString(testKeys.privateKeyPem).sign('foo');
    expect(await verifier.verify('bar', sig)).toBe(false);
    expect(await verifier.verify('foo', 'bad signagure')).toBe(false);
    expect(await verifier.verify('foo', Buffer.from('bad signagure'))).toBe(false);
    expect(await verifier.verify('foo', new Uint8Array(256))).toBe(false);
  });

  it('requires a certificate when isX509Cert is true', () => {
    expect(() => Verifier.fromString(testKeys.publicKeySpkiPem, true)).toThrow(InvalidKeyError);
    expect(() => Verifier.fromString('not a pem', true)).toThrow(InvalidKeyError);
  });
});
