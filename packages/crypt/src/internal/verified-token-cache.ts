import type { KeyObject } from 'node:crypto';
import type { KeySet } from '../key-set.js';

/** Default number of verified tokens an {@link IdTokenVerifier} remembers. */
export const DEFAULT_TOKEN_CACHE_MAX_ENTRIES = 1_000;
/** Default longest time a verified token is remembered, in seconds (it never outlives its `exp`). */
export const DEFAULT_TOKEN_CACHE_MAX_AGE_SEC = 300;

/** Options of the verified-token cache of an {@link IdTokenVerifier}. */
export interface TokenCacheOptions {
  /** At most this many tokens are remembered; the least recently used goes first (default 1 000). */
  maxEntries?: number | undefined;
  /** A token is remembered at most this many seconds, and never past its `exp` (default 300). */
  maxAgeSec?: number | undefined;
}

/** What is remembered of one verified token: never the token, only its hash and claims. */
interface Entry {
  /** The verified payload as JSON text, parsed again on each hit (callers get their own object). */
  readonly claims: string;
  /** The algorithm the signature used (re-checked against the verifier's allow-list). */
  readonly alg: string;
  /** The `kid` the token named, for the key lookup on a hit. */
  readonly kid: string | undefined;
  /** The public key that verified the signature. */
  readonly key: KeyObject;
  /** Epoch ms after which the entry is dropped: min(exp, verified at + maxAge). */
  readonly expiresAt: number;
}

/** A remembered verification, as {@link VerifiedTokenCache.get} hands it back. */
export interface CachedVerification {
  readonly claims: Record<string, unknown>;
  readonly alg: string;
  readonly kid: string | undefined;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number.`);
  return value;
}

/**
 * Successful ID-token verifications, keyed by the SHA-256 of the token (the token itself, a bearer
 * credential, is never kept), bounded in count (least recently used evicted) and in time (an entry
 * lives until the token's `exp` or `maxAgeSec` after verification, whichever comes first). An entry
 * whose key is no longer in the certificates is dropped as soon as the new key set is seen.
 *
 * The verifier still re-checks every claim, the time claims included, on each hit: the cache only
 * saves the signature check.
 */
export class VerifiedTokenCache {
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  readonly #entries = new Map<string, Entry>();
  /** The key set the entries were last checked against. */
  #keys: KeySet | undefined;

  constructor(options: TokenCacheOptions = {}) {
    this.#maxEntries = Math.floor(
      positive('tokenCache.maxEntries', options.maxEntries, DEFAULT_TOKEN_CACHE_MAX_ENTRIES),
    );
    this.#maxAgeMs =
      positive('tokenCache.maxAgeSec', options.maxAgeSec, DEFAULT_TOKEN_CACHE_MAX_AGE_SEC) * 1000;
  }

  /** Number of tokens remembered now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The cache key of a token: its SHA-256, base64url. */
  static keyOf(token: string): string {
    return process.getBuiltinModule('node:crypto').hash('sha256', token, 'base64url');
  }

  /** The entry under `key` if it has not expired at `now` (epoch ms). */
  peek(key: string, now: number): CachedVerification | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return {
      claims: JSON.parse(entry.claims) as Record<string, unknown>,
      alg: entry.alg,
      kid: entry.kid,
    };
  }

  /**
   * Whether the entry under `key` was verified by a key still in `keys` (the certificates as they
   * are now). A different key set than last time first drops every entry whose key left it.
   */
  confirm(key: string, keys: KeySet): boolean {
    if (keys !== this.#keys) this.#sweep(keys);
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    // Least recently used order: a hit moves the entry to the end.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return true;
  }

  /** Remember a verification made now (epoch ms) with `key` from `keys`. */
  add(
    key: string,
    verified: { claims: string; alg: string; kid: string | undefined; key: KeyObject; exp: number },
    keys: KeySet,
    now: number,
  ): void {
    if (keys !== this.#keys) this.#sweep(keys);
    const expiresAt = Math.min(verified.exp * 1000, now + this.#maxAgeMs);
    if (!(expiresAt > now)) return;
    const { claims, alg, kid } = verified;
    this.#entries.delete(key);
    this.#entries.set(key, { claims, alg, kid, key: verified.key, expiresAt });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Forget every token. */
  clear(): void {
    this.#entries.clear();
  }

  /** The hashes remembered now (for tests and monitoring; never a token). */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Drop the entries whose key is not in `keys` any more (a key rotated out of the certs). */
  #sweep(keys: KeySet): void {
    this.#keys = keys;
    for (const [hashKey, entry] of this.#entries) {
      if (!keys.candidates(entry.kid).some((candidate) => candidate.key.equals(entry.key))) {
        this.#entries.delete(hashKey);
      }
    }
  }
}
