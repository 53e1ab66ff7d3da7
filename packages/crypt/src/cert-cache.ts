import { parseJson } from '@oauth2/core';
import { OAuth2Error } from '@oauth2/core/errors';
import {
  assertSecureEndpoint,
  type Clock,
  type FetchLike,
  httpRequest,
  isRetryableStatus,
  requestSecrets,
  safeHost,
  systemClock,
  withScrubbedErrors,
} from '@oauth2/core/http';
import { GOOGLE_CERTS_URL } from './constants.js';
import { CertFetchError } from './errors.js';
import { KeySet } from './key-set.js';

/** Per-attempt limit of a certs fetch (adversarial c6: 5 s, no retry). */
export const DEFAULT_CERTS_TIMEOUT_MS = 5_000;
/** How long certs are kept when the response has no `Cache-Control: max-age`. */
export const DEFAULT_CERTS_MAX_AGE_SEC = 300;
/**
 * Shortest time certs are kept, whatever the response says: a response whose `Age` is at or past
 * its `max-age` (a stale proxy), or `max-age=0`, would otherwise be fetched on every verification.
 */
export const DEFAULT_CERTS_MIN_AGE_SEC = 30;
/** Minimum time between two fetches caused by unknown key ids or failures (adversarial c7). */
export const DEFAULT_REFETCH_COOLDOWN_SEC = 30;
/** Body cap of a certs response. */
export const DEFAULT_CERTS_MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link CertCache}. */
export interface CertCacheOptions {
  /** PEM map (Google v1, the default) or JWKS (Google v3, IAP, any OpenID provider) URL. */
  url?: string | undefined;
  /** Transport; defaults to `globalThis.fetch`. Redirects are never followed. */
  fetch?: FetchLike | undefined;
  /** Clock for cache lifetimes and the cooldown (default the system clock). */
  clock?: Clock | undefined;
  /** Per-fetch timeout in ms (default 5 000). */
  timeoutMs?: number | undefined;
  /** Body cap in bytes (default 1 MiB). */
  maxBodyBytes?: number | undefined;
  /** Lifetime when the response has no `max-age`, in seconds (default 300). */
  defaultMaxAgeSec?: number | undefined;
  /**
   * Keep certs at least this many seconds, even when `max-age` minus `Age` is less (default 30).
   */
  minMaxAgeSec?: number | undefined;
  /** Minimum seconds between fetches triggered by an unknown `kid` or after a failure (default 30). */
  refetchCooldownSec?: number | undefined;
  /** Accept a plain-http `url` on a non-loopback host (default false). For test servers only. */
  allowInsecureRequests?: boolean | undefined;
}

/** `max-age` minus `Age`, in seconds, or undefined without a usable `max-age`. */
function maxAgeOf(headers: Headers): number | undefined {
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(headers.get('cache-control') ?? '');
  if (!match) return undefined;
  const age = Number(headers.get('age') ?? 0);
  return Math.max(0, Number(match[1]) - (Number.isFinite(age) && age > 0 ? age : 0));
}

/**
 * The public keys of a certificates endpoint, cached on this instance (never in a module
 * global). Honours `Cache-Control: max-age` minus `Age` (5 minutes without one, 30 s at least,
 * so a stale proxy answer is not fetched again on every verification); one fetch at a time whatever
 * the number of concurrent callers; a token with an unknown `kid` triggers one refetch, at most
 * every 30 s (so a flood of forged key ids costs at most one request per cooldown); a failed
 * refetch keeps the keys already known. Fetches time out after 5 s, never follow redirects and
 * stop at 1 MiB.
 *
 * Share one instance for the life of the process: that is what makes verification fast.
 *
 * @example
 * const cache = new CertCache({ url: GOOGLE_JWKS_URL });
 * const keys = await cache.getKeys();
 */
export class CertCache {
  /** The endpoint. */
  readonly url: string;
  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #defaultMaxAgeMs: number;
  readonly #minMaxAgeMs: number;
  readonly #cooldownMs: number;
  #keys: KeySet | undefined;
  #expiresAt = 0;
  #lastAttemptAt = Number.NEGATIVE_INFINITY;
  #lastFailureAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<KeySet> | undefined;
  #fetches = 0;

  constructor(options: CertCacheOptions = {}) {
    this.url = options.url ?? GOOGLE_CERTS_URL;
    assertSecureEndpoint('url', this.url, options);
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_CERTS_TIMEOUT_MS;
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_CERTS_MAX_BODY_BYTES;
    this.#defaultMaxAgeMs = (options.defaultMaxAgeSec ?? DEFAULT_CERTS_MAX_AGE_SEC) * 1000;
    this.#minMaxAgeMs = (options.minMaxAgeSec ?? DEFAULT_CERTS_MIN_AGE_SEC) * 1000;
    this.#cooldownMs = (options.refetchCooldownSec ?? DEFAULT_REFETCH_COOLDOWN_SEC) * 1000;
  }

  /** Number of fetches started so far (for monitoring and tests). */
  get fetchCount(): number {
    return this.#fetches;
  }

  /**
   * The current keys, fetching them when there are none yet or they expired. With `kid`, a key
   * id the cached keys do not have triggers a refetch unless one started less than the cooldown
   * ago. Resolves synchronously-fast (no I/O) while the cache is warm.
   *
   * @param kid - the `kid` of the token about to be verified, if any.
   * @throws {CertFetchError} nothing is cached and the fetch failed (timeout, status, size, body).
   * @example
   * const keys = await cache.getKeys(jws.kid);
   */
  getKeys(kid?: string): KeySet | Promise<KeySet> {
    const keys = this.#keys;
    if (keys === undefined) return this.#refresh();
    const now = this.#clock.now();
    if (now < this.#expiresAt) {
      if (kid === undefined || keys.has(kid) || now - this.#lastAttemptAt < this.#cooldownMs) {
        return keys;
      }
    } else if (now - this.#lastFailureAt < this.#cooldownMs) {
      return keys; // expired, but the last refetch failed moments ago: keep the old keys
    }
    return this.#refresh().catch(() => this.#keys ?? keys);
  }

  /** Drop the cached keys; the next call fetches. */
  clear(): void {
    this.#keys = undefined;
    this.#expiresAt = 0;
    this.#lastAttemptAt = Number.NEGATIVE_INFINITY;
    this.#lastFailureAt = Number.NEGATIVE_INFINITY;
  }

  #refresh(): Promise<KeySet> {
    if (this.#inflight) return this.#inflight;
    this.#lastAttemptAt = this.#clock.now();
    this.#fetches++;
    // No error may carry the URL's query values (an API key...), even in its `.cause` chain.
    const inflight = withScrubbedErrors(requestSecrets(this.url), () => this.#load())
      .catch((err: unknown) => {
        this.#lastFailureAt = this.#clock.now();
        throw err;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    this.#inflight = inflight;
    return inflight;
  }

  async #load(): Promise<KeySet> {
    const host = safeHost(this.url);
    let response: Awaited<ReturnType<typeof httpRequest>>;
    try {
      response = await httpRequest(this.url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        fetch: this.#fetch,
        timeoutMs: this.#timeoutMs,
        maxBodyBytes: this.#maxBodyBytes,
      });
    } catch (err) {
      const reason = err instanceof OAuth2Error ? err.message : 'the request failed.';
      const retryable = err instanceof OAuth2Error && err.code !== 'response_too_large';
      throw new CertFetchError(`Could not fetch certificates from ${host}: ${reason}`, {
        cause: err,
        retryable,
      });
    }
    if (response.status !== 200) {
      throw new CertFetchError(
        `Status code: ${response.status} from the certificates endpoint ${host}.`,
        {
          status: response.status,
          retryable: isRetryableStatus(response.status),
        },
      );
    }
    let keys: KeySet;
    try {
      keys = KeySet.from(parseJson(response.body) as Parameters<typeof KeySet.from>[0]);
    } catch {
      throw new CertFetchError(
        `The certificates endpoint ${host} did not return a PEM map or a JWKS.`,
        {
          status: 200,
        },
      );
    }
    if (keys.size === 0) {
      throw new CertFetchError(`The certificates endpoint ${host} returned no usable key.`, {
        status: 200,
      });
    }
    const maxAgeSec = maxAgeOf(response.headers);
    this.#keys = keys;
    const lifetimeMs = maxAgeSec === undefined ? this.#defaultMaxAgeMs : maxAgeSec * 1000;
    this.#expiresAt = this.#clock.now() + Math.max(lifetimeMs, this.#minMaxAgeMs);
    return keys;
  }
}
