import type { KeyObject } from 'node:crypto';
import { JwsKey } from './internal/jws-key.js';
import { parsePublicKey } from './internal/keys.js';

/**
 * A public key ready to check signatures: parsed once, reused. Port of
 * `oauth2client.crypt.Verifier`. RSA keys check RS256 (RSASSA-PKCS1-v1_5 SHA-256) signatures,
 * P-256 keys ES256 (`r || s`) signatures.
 *
 * @example
 * const verifier = Verifier.fromString(certPem, true);
 * if (!(await verifier.verify('message', signature))) throw new Error('bad signature');
 */
export class Verifier extends JwsKey {
  private constructor(key: KeyObject) {
    super(key);
  }

  /**
   * Parse a verification key. With `isX509Cert` true (as oauth2client's `is_x509_cert`), `pem`
   * must be a PEM X.509 certificate (what Google's v1 certs endpoint serves); with false, a PEM
   * public key (SPKI or PKCS#1) or a PEM private key, whose public half is used.
   *
   * @throws {InvalidKeyError} not such a PEM, an unsupported key type, or RSA under 2048 bits.
   * @throws {CryptoUnavailableError} the input is PKCS#12.
   * @example
   * const verifier = Verifier.fromString(certs['1a2b3c'], true);
   */
  static fromString(pem: string | Uint8Array, isX509Cert: boolean): Verifier {
    return new Verifier(parsePublicKey(pem, isX509Cert));
  }

  /**
   * Whether `signature` is a valid signature of `message` (strings are UTF-8 encoded). Never
   * throws for a bad or malformed signature: returns false.
   *
   * @throws never
   * @example
   * const ok = await verifier.verify(signingInput, Buffer.from(sig, 'base64url'));
   */
  verify(message: string | Uint8Array, signature: string | Uint8Array): Promise<boolean> {
    const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
    const sig = typeof signature === 'string' ? Buffer.from(signature, 'utf8') : signature;
    const key = this.cryptoKey;
    return new Promise((resolve) => {
      try {
        process
          .getBuiltinModule('node:crypto')
          .verify('sha256', data, key, sig, (err, ok) => resolve(!err && ok));
      } catch {
        resolve(false);
      }
    });
  }
}
