import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertSharedDir, fixturesDir } from './paths.js';

/** Read a fixture file from `shared/fixtures/oauth2client/` as UTF-8 text. */
export function fixtureText(name: string): string {
  assertSharedDir();
  return readFileSync(join(fixturesDir, name), 'utf8');
}

/** Read a fixture file as bytes. */
export function fixtureBytes(name: string): Buffer {
  assertSharedDir();
  return readFileSync(join(fixturesDir, name));
}

/** Parse a JSON fixture. */
export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** Absolute path of a fixture, for APIs that take a path. */
export function fixturePath(name: string): string {
  assertSharedDir();
  return join(fixturesDir, name);
}

const v413 = 'upstream-tests-data-v4.1.3';

/**
 * The upstream RSA-2048 test key pair in the encodings the Python tests use. Loaded lazily,
 * so importing the test kit never touches the disk.
 */
export const testKeys = {
  /** PKCS#1 PEM private key (`privatekey.pem`). */
  get privateKeyPem(): string {
    return fixtureText(`${v413}/privatekey.pem`);
  },
  /** PKCS#8 PEM with a "Bag Attributes" preamble (`pem_from_pkcs12.pem`). */
  get privateKeyPkcs8WithBagAttributes(): string {
    return fixtureText(`${v413}/pem_from_pkcs12.pem`);
  },
  /** PKCS#12 bytes, password `notasecret`. */
  get privateKeyP12(): Buffer {
    return fixtureBytes(`${v413}/privatekey.p12`);
  },
  /** Self-signed X.509 certificate for the key (`public_cert.pem`). */
  get publicCertPem(): string {
    return fixtureText(`${v413}/public_cert.pem`);
  },
  /** SPKI PEM public key (`publickey_openssl.pem`). */
  get publicKeySpkiPem(): string {
    return fixtureText(`${v413}/publickey_openssl.pem`);
  },
  /** `{"foo": <cert PEM>}` as served by Google's v1 certs endpoint. */
  get certsJson(): Record<string, string> {
    return fixtureJson(`${v413}/certs.json`);
  },
};
