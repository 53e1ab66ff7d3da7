import type { KeyObject } from 'node:crypto';
import { type JwtAlgorithm, signingAlgorithmFor } from './keys.js';

/** A parsed key with the JWS algorithm it signs or checks: what `Signer` and `Verifier` share. */
export abstract class JwsKey {
  /** The JWS algorithm of this key's signatures. */
  readonly algorithm: JwtAlgorithm;
  readonly #key: KeyObject;

  protected constructor(key: KeyObject) {
    this.algorithm = signingAlgorithmFor(key);
    this.#key = key;
  }

  /** The parsed key. Never serialized or logged by this package. */
  get keyObject(): KeyObject {
    return this.#key;
  }

  /** The key as node:crypto's `sign`/`verify` take it: EC signatures in JWS (`r || s`) form. */
  protected get cryptoKey(): KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' } {
    return this.algorithm === 'ES256' ? { key: this.#key, dsaEncoding: 'ieee-p1363' } : this.#key;
  }
}
