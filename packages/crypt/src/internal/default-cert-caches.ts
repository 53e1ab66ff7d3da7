import type { Clock, FetchLike } from '@oauth2/core/http';
import type { CertCache, CertCacheOptions } from '../cert-cache.js';
import { GOOGLE_CERTS_URL } from '../constants.js';

/** How many certs URLs `verifyIdToken` keeps a default cache for, per transport and clock. */
export const MAX_DEFAULT_CERT_CACHES = 16;

/**
 * The cert caches `verifyIdToken` uses when it is given neither a `verifier` nor a `certCache`:
 * one per certs URL (and cache options), created on first use, at most
 * {@link MAX_DEFAULT_CERT_CACHES} per transport and clock (the least recently used is dropped).
 * Caches are grouped by the `fetch` and `clock` objects passed (weakly held), so a caller with its
 * own transport or clock never shares keys fetched through another one, and nothing needs resetting
 * between tests that inject their own.
 */
export class DefaultCertCaches {
  readonly #byTransport = new WeakMap<object, WeakMap<object, Map<string, CertCache>>>();
  readonly #default = {};
  readonly #make: (options: CertCacheOptions) => CertCache;

  /** @param make - builds a cache (`(o) => new CertCache(o)`), so this helper sits below it. */
  constructor(make: (options: CertCacheOptions) => CertCache) {
    this.#make = make;
  }

  /** The cache for these options, made on first use. */
  get(options: CertCacheOptions): CertCache {
    const transport: FetchLike | object = options.fetch ?? this.#default;
    const clock: Clock | object = options.clock ?? this.#default;
    let byClock = this.#byTransport.get(transport);
    if (byClock === undefined) {
      byClock = new WeakMap();
      this.#byTransport.set(transport, byClock);
    }
    let caches = byClock.get(clock);
    if (caches === undefined) {
      caches = new Map();
      byClock.set(clock, caches);
    }
    const key = JSON.stringify([
      options.url ?? GOOGLE_CERTS_URL,
      options.timeoutMs,
      options.maxBodyBytes,
      options.defaultMaxAgeSec,
      options.minMaxAgeSec,
      options.refetchCooldownSec,
      // A cache allowed plain http must never serve a call that did not allow it.
      options.allowInsecureRequests === true,
    ]);
    let cache = caches.get(key);
    if (cache !== undefined) {
      caches.delete(key); // most recently used last
    } else {
      cache = this.#make(options);
      if (caches.size >= MAX_DEFAULT_CERT_CACHES) {
        caches.delete(caches.keys().next().value as string);
      }
    }
    caches.set(key, cache);
    return cache;
  }
}
