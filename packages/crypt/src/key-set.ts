import type { JsonWebKey, KeyObject } from 'node:crypto';
import { sanitizeText } from '@oauth2/core';
import type { CryptoKey, JWK } from 'jose';
import { InvalidKeyError } from './errors.js';
import { loadKeyImport } from './internal/jose-modules.js';
import { type JwtAlgorithm, parsePublicKey, verificationAlgorithmFor } from './internal/keys.js';

/** Google's v1 certs format (and oauth2client's `certs` argument): key id → PEM X.509 certificate. */
export type PemCerts = Readonly<Record<string, string>>;

/** A JSON Web Key Set (RFC 7517 §5), as Google's v3 certs endpoint and IAP serve. */
export interface Jwks {
  readonly keys: readonly Readonly<Record<string, unknown>>[];
}

/** What the verification functions accept as keys. */
export type CertsInput = PemCerts | Jwks | KeySet;

/** One public key of a {@link KeySet}. */
export interface KeySetEntry {
  /** The key id (`kid`), when known: the PEM map key or the JWK's `kid`. */
  readonly kid: string | undefined;
  /** The parsed public key. */
  readonly key: KeyObject;
  /** The JWK's `alg`, when it names one: the key is then used for that algorithm only. */
  readonly alg: string | undefined;
  /** What the key can verify: RS256 (RSA >= 2048 bits), ES256 (P-256), or nothing. */
  readonly verifies: JwtAlgorithm | undefined;
}

/** Read the key's type and size once, not on every verification. */
function entry(kid: string | undefined, key: KeyObject, alg: string | undefined): KeySetEntry {
  return Object.freeze({ kid, key, alg, verifies: verificationAlgorithmFor(key) });
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/**
 * Public keys parsed once and indexed by key id, for fast repeated verification. Built from a PEM
 * certificate map (Google's v1 certs, oauth2client's `certs`) or a JWKS (Google's v3 certs, IAP).
 * Key ids are a hint: a token whose `kid` is unknown is checked against every key, as
 * oauth2client did.
 *
 * JWKS members that cannot verify signatures are skipped rather than trusted: symmetric (`oct`)
 * keys, keys with private members, `use` other than `sig`, and unsupported key types.
 *
 * @example
 * const keys = KeySet.from(await (await fetch(GOOGLE_CERTS_URL)).json());
 * for (const token of tokens) await verifySignedJwtWithCerts(token, keys, CLIENT_ID);
 */
export class KeySet {
  readonly #entries: readonly KeySetEntry[];
  readonly #byKid: ReadonlyMap<string, readonly KeySetEntry[]>;
  /** Keys imported for jose, one per entry, on first use: a pending import, then the key. */
  readonly #imported = new Map<KeySetEntry, CryptoKey | Promise<CryptoKey>>();

  private constructor(entries: KeySetEntry[]) {
    this.#entries = Object.freeze(entries);
    const byKid = new Map<string, KeySetEntry[]>();
    for (const entry of entries) {
      if (entry.kid === undefined) continue;
      const list = byKid.get(entry.kid);
      if (list) list.push(entry);
      else byKid.set(entry.kid, [entry]);
    }
    this.#byKid = byKid;
  }

  /**
   * Build a key set from a PEM certificate map or a JWKS (an object with a `keys` array). A
   * `KeySet` is returned as is.
   *
   * @throws {InvalidKeyError} a PEM entry is not a certificate or public key, or the input is
   *   neither shape.
   * @example
   * const keys = KeySet.from(testKeys.certsJson); // { foo: '-----BEGIN CERTIFICATE-----...' }
   */
  static from(certs: CertsInput): KeySet {
    if (certs instanceof KeySet) return certs;
    if (certs === null || typeof certs !== 'object' || Array.isArray(certs)) {
      throw new InvalidKeyError('Certificates must be an object: a PEM map or a JWKS.');
    }
    if (Array.isArray((certs as Jwks).keys)) return KeySet.fromJwks(certs as Jwks);
    return KeySet.fromPemCerts(certs as PemCerts);
  }

  /**
   * Build a key set from `{ kid: PEM }` where each PEM is an X.509 certificate (or a public key).
   *
   * @throws {InvalidKeyError} an entry is not a string or not a parsable certificate/public key.
   * @example
   * const keys = KeySet.fromPemCerts({ key1: certPem });
   */
  static fromPemCerts(certs: PemCerts): KeySet {
    const entries: KeySetEntry[] = [];
    for (const [kid, pem] of Object.entries(certs)) {
      if (typeof pem !== 'string') {
        throw new InvalidKeyError(
          `Certificate "${sanitizeText(kid, { maxLength: 64 })}" is not a PEM string.`,
        );
      }
      let key: KeyObject;
      try {
        key = parsePublicKey(pem, false);
      } catch (err) {
        throw new InvalidKeyError(
          `Certificate "${sanitizeText(kid, { maxLength: 64 })}": ${sanitizeText((err as Error).message)}`,
        );
      }
      entries.push(entry(kid, key, undefined));
    }
    return new KeySet(entries);
  }

  /**
   * Build a key set from a JWKS. Keys that cannot verify signatures are skipped (see the class
   * description); the result may therefore be empty.
   *
   * @throws {InvalidKeyError} `keys` is not an array.
   * @example
   * const keys = KeySet.fromJwks(await (await fetch(GOOGLE_JWKS_URL)).json());
   */
  static fromJwks(jwks: Jwks): KeySet {
    if (!Array.isArray(jwks?.keys)) throw new InvalidKeyError('A JWKS must have a "keys" array.');
    const entries: KeySetEntry[] = [];
    for (const jwk of jwks.keys) {
      if (jwk === null || typeof jwk !== 'object') continue;
      if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      if (PRIVATE_JWK_MEMBERS.some((m) => m in jwk)) continue;
      if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) continue;
      let key: KeyObject;
      try {
        key = process
          .getBuiltinModule('node:crypto')
          .createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      } catch {
        continue;
      }
      const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
      entries.push(entry(kid, key, typeof jwk.alg === 'string' ? jwk.alg : undefined));
    }
    return new KeySet(entries);
  }

  /** Number of keys. */
  get size(): number {
    return this.#entries.length;
  }

  /** Every key id in the set. */
  get kids(): string[] {
    return [...this.#byKid.keys()];
  }

  /** Whether a key with this id is in the set. */
  has(kid: string): boolean {
    return this.#byKid.has(kid);
  }

  /** The keys to try for a token: those with its `kid` when known, else all of them. */
  candidates(kid: string | undefined): readonly KeySetEntry[] {
    if (kid !== undefined) {
      const match = this.#byKid.get(kid);
      if (match) return match;
    }
    return this.#entries;
  }

  /**
   * The entry's key as jose verifies with it: a WebCrypto `CryptoKey` for `entry.verifies`,
   * imported with jose's `importJWK` on first use and kept on this set, so each key is imported
   * once. Returns the key itself (no promise) once imported.
   *
   * @throws {InvalidKeyError} the entry cannot verify (`verifies` unset), or jose refused the key.
   * @example
   * const [entry] = keys.candidates('k1');
   * if (entry) await jose.compactVerify(jwt, await keys.verificationKey(entry));
   */
  verificationKey(entry: KeySetEntry): CryptoKey | Promise<CryptoKey> {
    const known = this.#imported.get(entry);
    if (known !== undefined) return known;
    const alg = entry.verifies;
    if (alg === undefined) {
      throw new InvalidKeyError('This key cannot verify RS256 or ES256 signatures.');
    }
    const jwk = entry.key.export({ format: 'jwk' }) as JWK;
    const pending = loadKeyImport()
      .then(({ importJWK }) => importJWK(jwk, alg))
      .then(
        (key) => {
          const cryptoKey = key as CryptoKey; // an RSA or EC JWK imports as a CryptoKey
          this.#imported.set(entry, cryptoKey);
          return cryptoKey;
        },
        (err: unknown) => {
          this.#imported.delete(entry);
          throw new InvalidKeyError(`The ${alg} key could not be imported.`, { cause: err });
        },
      );
    this.#imported.set(entry, pending);
    return pending;
  }
}
