import type { KeyObject } from 'node:crypto';
import { JwsKey } from './internal/jws-key.js';
import { type JwtAlgorithm, parsePrivateKey } from './internal/keys.js';

/**
 * A private key ready to sign: parsed once, reused for every signature. Port of
 * `oauth2client.crypt.Signer`. RSA keys (>= 2048 bits) sign RS256, P-256 keys ES256.
 *
 * `util.inspect` and `JSON.stringify` show the algorithm only, never the key.
 *
 * @example
 * const signer = Signer.fromString(serviceAccount.private_key);
 * const jwt = await makeSignedJwt(signer, { iss, aud, iat, exp });
 */
export class Signer extends JwsKey {
  private constructor(key: KeyObject) {
    super(key);
  }

  /**
   * Parse a PEM private key: PKCS#1 (`RSA PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`) or SEC1
   * (`EC PRIVATE KEY`). Text before the first `-----BEGIN ` (the "Bag Attributes" preamble
   * `openssl pkcs12` writes) is skipped. Parse once and keep the signer: parsing costs far more
   * than signing.
   *
   * @throws {CryptoUnavailableError} the key is PKCS#12; the message shows the `openssl`
   *   command that converts it to PEM.
   * @throws {InvalidKeyError} not a PEM private key, encrypted, an unsupported type, or RSA under
   *   2048 bits.
   * @example
   * const signer = Signer.fromString(await readFile('key.pem', 'utf8'));
   */
  static fromString(key: string | Uint8Array): Signer {
    return new Signer(parsePrivateKey(key));
  }

  /**
   * Wrap an already parsed private `KeyObject`.
   *
   * @throws {InvalidKeyError} the key is not an RSA (>= 2048 bits) or P-256 private key.
   * @example
   * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
   * const signer = Signer.fromKeyObject(privateKey);
   */
  static fromKeyObject(key: KeyObject): Signer {
    return new Signer(key);
  }

  /**
   * Sign `message` (a string is UTF-8 encoded): RSASSA-PKCS1-v1_5 with SHA-256 for RSA keys,
   * ECDSA P-256 SHA-256 in JWS (`r || s`) form for EC keys. Runs off the main thread.
   *
   * @throws {Error} only if the crypto backend fails (it does not for a key this class accepted).
   * @example
   * const signature = await signer.sign('header.payload');
   */
  sign(message: string | Uint8Array): Promise<Uint8Array> {
    const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
    return new Promise((resolve, reject) => {
      process
        .getBuiltinModule('node:crypto')
        .sign('sha256', data, this.cryptoKey, (err, signature) =>
          err ? reject(err) : resolve(signature),
        );
    });
  }

  /** `JSON.stringify` view: the algorithm only. */
  toJSON(): { algorithm: JwtAlgorithm } {
    return { algorithm: this.algorithm };
  }
}
