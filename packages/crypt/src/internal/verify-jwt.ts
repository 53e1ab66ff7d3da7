import { type Clock, systemClock } from '@oauth2/core/http';
import type { JwtPayload } from '../jwt-payload.js';
import type { KeySet } from '../key-set.js';
import { checkAudience, checkTimes } from './claims.js';
import { decodeJwsPayload, type HeaderInfo, parseCompactJws, verifyJwsSignature } from './jws.js';
import { type JwtAlgorithm, SUPPORTED_ALGORITHMS } from './keys.js';

/** oauth2client's `CLOCK_SKEW_SECS`. */
export const DEFAULT_CLOCK_TOLERANCE_SEC = 300;
/** oauth2client's `MAX_TOKEN_LIFETIME_SECS` (used when verifying). */
export const DEFAULT_MAX_LIFETIME_SEC = 86_400;
/** Tokens longer than this are refused before any parsing. Google ID tokens are about 1 KB. */
export const DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;

/** The options every verification accepts. */
export interface JwtRuleOptions {
  /** Allowed `alg` values (default `['RS256']`; add `'ES256'` for IAP). Nothing else is possible. */
  algorithms?: readonly JwtAlgorithm[] | undefined;
  /** Clock for `iat`/`exp`/`nbf` (default the system clock). */
  clock?: Clock | undefined;
  /** Allowed clock skew in seconds (default 300). */
  clockToleranceSec?: number | undefined;
  /** `exp` may be at most this many seconds ahead (default 86 400). */
  maxLifetimeSec?: number | undefined;
  /** Longer tokens fail with `malformed` before any parsing (default 16 KiB). */
  maxTokenBytes?: number | undefined;
}

/** Options resolved and validated once. */
export interface JwtRules {
  readonly algorithms: ReadonlySet<string>;
  readonly clock: Clock;
  readonly toleranceSec: number;
  readonly maxLifetimeSec: number;
  readonly maxTokenBytes: number;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`${name} must be a non-negative number.`);
  return value;
}

/**
 * Validate options once (at construction of a verifier).
 * @throws {TypeError} an algorithm outside RS256/ES256, or a negative number.
 */
export function resolveRules(options: JwtRuleOptions): JwtRules {
  const algorithms = options.algorithms ?? ['RS256'];
  if (algorithms.length === 0) throw new TypeError('algorithms must list at least one algorithm.');
  for (const alg of algorithms) {
    if (!SUPPORTED_ALGORITHMS.has(alg)) {
      throw new TypeError(`Algorithm ${String(alg)} is not supported; use RS256 or ES256.`);
    }
  }
  return {
    algorithms: new Set(algorithms),
    clock: options.clock ?? systemClock,
    toleranceSec: nonNegative(
      'clockToleranceSec',
      options.clockToleranceSec,
      DEFAULT_CLOCK_TOLERANCE_SEC,
    ),
    maxLifetimeSec: nonNegative('maxLifetimeSec', options.maxLifetimeSec, DEFAULT_MAX_LIFETIME_SEC),
    maxTokenBytes: nonNegative('maxTokenBytes', options.maxTokenBytes, DEFAULT_MAX_TOKEN_BYTES),
  };
}

/** Normalize an audience argument to a list. */
export function audienceList(audience: string | readonly string[]): readonly string[] {
  const list = typeof audience === 'string' ? [audience] : audience;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((a) => typeof a !== 'string' || a === '')
  ) {
    throw new TypeError('audience must be a non-empty string or a non-empty array of strings.');
  }
  return list;
}

/**
 * The whole pipeline, in the order that matters for security: parse and allow-list `alg`
 * (no key needed, no network), get the keys, verify the signature, and only then decode and
 * check the claims.
 */
export async function verifyJwt(
  token: string | Uint8Array,
  getKeys: (kid: string | undefined) => KeySet | Promise<KeySet>,
  rules: JwtRules,
  audiences: readonly string[] | undefined,
  headerCache?: Map<string, HeaderInfo>,
): Promise<JwtPayload> {
  const jws = parseCompactJws(token, rules.algorithms, rules.maxTokenBytes, headerCache);
  const found = getKeys(jws.kid);
  const keys = found instanceof Promise ? await found : found; // warm cache: no extra tick
  await verifyJwsSignature(jws, keys);
  const payload = decodeJwsPayload(jws);
  checkTimes(payload, {
    nowSec: Math.floor(rules.clock.now() / 1000),
    toleranceSec: rules.toleranceSec,
    maxLifetimeSec: rules.maxLifetimeSec,
  });
  if (audiences !== undefined) checkAudience(payload, audiences);
  return payload as JwtPayload;
}
