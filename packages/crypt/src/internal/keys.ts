// node:crypto is reached through process.getBuiltinModule where used, here and in the other
// crypt modules: an ESM import of it loads it, node:stream and Web Crypto as soon as
// @oauth2/crypt is imported (~12 ms of a cold start), before any key exists.
import type { KeyObject } from 'node:crypto';
import { CryptoUnavailableError, InvalidKeyError } from '../errors.js';

/** The JWS algorithms this package signs and verifies with. */
export type JwtAlgorithm = 'RS256' | 'ES256';

/** Every algorithm that may appear in an allow-list. Anything else is refused. */
export const SUPPORTED_ALGORITHMS: ReadonlySet<string> = new Set<JwtAlgorithm>(['RS256', 'ES256']);

/** The smallest RSA modulus accepted, for signing and verifying (RFC 7518 §3.3). */
export const MIN_RSA_BITS = 2048;

const PEM_MARKER = '-----BEGIN ';

/** The openssl command that turns a PKCS#12 service-account key into the PEM this package reads. */
export const PKCS12_CONVERSION_COMMAND =
  'openssl pkcs12 -in key.p12 -nodes -nocerts -passin pass:notasecret | openssl rsa -out key.pem';

function toText(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
}

/**
 * The PEM text from the first `-----BEGIN ` on (so a "Bag Attributes" preamble written by
 * `openssl pkcs12` is skipped), with its label; `undefined` when the input holds no PEM.
 * Port of `_helpers._parse_pem_key`.
 */
export function slicePem(input: string | Uint8Array): { pem: string; label: string } | undefined {
  const text = toText(input);
  const at = text.indexOf(PEM_MARKER);
  if (at === -1) return undefined;
  const pem = text.slice(at);
  const end = pem.indexOf('-----', PEM_MARKER.length);
  const label = end === -1 ? '' : pem.slice(PEM_MARKER.length, end);
  return { pem, label };
}

function looksLikePkcs12(input: string | Uint8Array): boolean {
  if (typeof input !== 'string') return input[0] === 0x30; // a DER SEQUENCE
  return /^\s*MII[A-Za-z0-9+/]/.test(input); // base64 of a long DER SEQUENCE, as in `_private_key_pkcs12`
}

function pkcs12Refused(): CryptoUnavailableError {
  return new CryptoUnavailableError(
    `PKCS#12 (.p12) keys are not supported. Convert the key to PEM and use that instead: ${PKCS12_CONVERSION_COMMAND}`,
  );
}

function opensslReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
}

/**
 * Parse a PEM private key: PKCS#1 (`RSA PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`) or SEC1
 * (`EC PRIVATE KEY`), with or without a "Bag Attributes" preamble.
 *
 * @throws {CryptoUnavailableError} the input is PKCS#12 (DER, or base64 of it).
 * @throws {InvalidKeyError} anything else that is not a usable private key.
 */
export function parsePrivateKey(input: string | Uint8Array): KeyObject {
  const sliced = slicePem(input);
  if (!sliced) {
    if (looksLikePkcs12(input)) throw pkcs12Refused();
    throw new InvalidKeyError(
      'The private key is not PEM: expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----".',
    );
  }
  if (sliced.label === 'ENCRYPTED PRIVATE KEY') {
    throw new InvalidKeyError(
      'The private key is encrypted; decrypt it first: openssl pkcs8 -in encrypted.pem -out key.pem',
    );
  }
  if (!/^(RSA |EC )?PRIVATE KEY$/.test(sliced.label)) {
    throw new InvalidKeyError(
      `Expected a PEM private key, got a "${sliced.label.slice(0, 40)}" block; a service account key is "PRIVATE KEY".`,
    );
  }
  try {
    return process
      .getBuiltinModule('node:crypto')
      .createPrivateKey({ key: sliced.pem, format: 'pem' });
  } catch (err) {
    throw new InvalidKeyError(`The PEM private key could not be parsed${opensslReason(err)}.`);
  }
}

/**
 * Parse a public key for verification. With `isX509Cert`, the input must be a PEM X.509
 * certificate; otherwise a PEM public key (SPKI or PKCS#1) or a PEM private key, whose public half
 * is used (as oauth2client's OpenSSL backend did).
 *
 * @throws {InvalidKeyError} the input is not such a key.
 */
export function parsePublicKey(input: string | Uint8Array, isX509Cert: boolean): KeyObject {
  const sliced = slicePem(input);
  if (!sliced) {
    if (looksLikePkcs12(input)) throw pkcs12Refused();
    throw new InvalidKeyError('The verification key is not PEM.');
  }
  try {
    if (isX509Cert) {
      if (sliced.label !== 'CERTIFICATE') {
        throw new InvalidKeyError(
          `Expected a PEM X.509 certificate, got a "${sliced.label.slice(0, 40)}" block.`,
        );
      }
      return new (process.getBuiltinModule('node:crypto').X509Certificate)(sliced.pem).publicKey;
    }
    if (sliced.label === 'CERTIFICATE')
      return new (process.getBuiltinModule('node:crypto').X509Certificate)(sliced.pem).publicKey;
    return process
      .getBuiltinModule('node:crypto')
      .createPublicKey({ key: sliced.pem, format: 'pem' });
  } catch (err) {
    if (err instanceof InvalidKeyError) throw err;
    throw new InvalidKeyError(`The PEM verification key could not be parsed${opensslReason(err)}.`);
  }
}

/** The algorithm a private key signs with, or a reason why it cannot sign. */
export function signingAlgorithmFor(key: KeyObject): JwtAlgorithm {
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw new InvalidKeyError(
        `RSA keys must be at least ${MIN_RSA_BITS} bits; this one has ${bits}.`,
      );
    }
    return 'RS256';
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ES256';
  }
  throw new InvalidKeyError(
    `Unsupported key type "${key.asymmetricKeyType ?? 'unknown'}"; use an RSA (>= 2048 bits) or P-256 key.`,
  );
}

/** The algorithm a public key verifies (RS256: RSA >= 2048 bits; ES256: P-256), if any. */
export function verificationAlgorithmFor(key: KeyObject): JwtAlgorithm | undefined {
  if (unusableReason('RS256', key) === undefined) return 'RS256';
  if (unusableReason('ES256', key) === undefined) return 'ES256';
  return undefined;
}

/**
 * Why `key` cannot verify `alg` signatures, or `undefined` when it can. RS256 needs an RSA key of
 * at least 2048 bits (not RSA-PSS); ES256 needs a P-256 key.
 */
export function unusableReason(alg: JwtAlgorithm, key: KeyObject): string | undefined {
  if (key.type !== 'public') return 'it is not a public key';
  if (alg === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa')
      return `RS256 needs an RSA key, not ${key.asymmetricKeyType}`;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS)
      return `RS256 needs at least ${MIN_RSA_BITS} bits, the key has ${bits}`;
    return undefined;
  }
  if (key.asymmetricKeyType !== 'ec') return `ES256 needs an EC key, not ${key.asymmetricKeyType}`;
  if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return 'ES256 needs a P-256 key';
  return undefined;
}
