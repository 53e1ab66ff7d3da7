import { type Clock, systemClock } from '@oauth2/core/http';
import type { VerifyOptions } from 'jose';
import { AppIdentityError } from '../errors.js';
import type { JwtPayload } from '../jwt-payload.js';
import type { KeySet, KeySetEntry } from '../key-set.js';
import { checkAudience, checkTimes } from './claims.js';
import { loadJoseVerify } from './jose-modules.js';
import {
  compactToken,
  decodePayload,
  fromJoseError,
  isSignatureFailure,
  readHeader,
} from './jws.js';
import { type JwtAlgorithm, SUPPORTED_ALGORITHMS, unusableReason } from './keys.js';

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
  /** Longer tokens fail with `jwt_malformed` before any parsing (default 16 KiB). */
  maxTokenBytes?: number | undefined;
}

/** Options resolved and validated once. */
export interface JwtRules {
  readonly algorithms: readonly JwtAlgorithm[];
  /** `{ algorithms }` for jose, built once. */
  readonly joseOptions: VerifyOptions;
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
  const allowed = [...new Set(algorithms)];
  return {
    algorithms: allowed,
    joseOptions: { algorithms: allowed },
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

/** How the keys for a token are found: by `kid` hint, from a fixed set or a cert cache. */
export type GetKeys = (kid: string | undefined) => KeySet | Promise<KeySet>;

/**
 * The keys of `keys` that can check an `alg` signature for this `kid` (kids are hints: an unknown
 * one means every key, as oauth2client did).
 *
 * @throws {AppIdentityError} `no_matching_key` (no keys at all) or `key_unsupported`.
 */
function usableKeys(keys: KeySet, kid: string | undefined, alg: string): readonly KeySetEntry[] {
  const candidates = keys.candidates(kid);
  if (candidates.length === 0) {
    throw new AppIdentityError('There are no keys to check the token signature against.', {
      code: 'no_matching_key',
    });
  }
  const fits = (e: KeySetEntry) => e.verifies === alg && (e.alg === undefined || e.alg === alg);
  // The usual case (a kid naming one key that fits) allocates nothing.
  const usable = candidates.every(fits) ? candidates : candidates.filter(fits);
  if (usable.length === 0) {
    const [first] = candidates as [KeySetEntry];
    const reason =
      first.alg !== undefined && first.alg !== alg
        ? `the key is for ${first.alg}`
        : unusableReason(alg as JwtAlgorithm, first.key);
    throw new AppIdentityError(`No key can check this token's signature: ${reason}.`, {
      code: 'key_unsupported',
    });
  }
  return usable;
}

/** A verified token: its claims and payload text, and which key of which set verified it. */
export interface VerifiedJwt {
  readonly claims: JwtPayload;
  /** The payload as text (what the verified-token cache of `IdTokenVerifier` keeps). */
  readonly text: string;
  readonly keys: KeySet;
  readonly entry: KeySetEntry;
  readonly kid: string | undefined;
  readonly alg: string;
}

/**
 * The whole pipeline, in the order that matters for security: size, shape and header (no key
 * needed, no network), then keys and jose (signature), and only then the claims, ours
 * (oauth2client's rules and messages) on the payload jose verified.
 */
export async function verifyJwt(
  token: string | Uint8Array,
  getKeys: GetKeys,
  rules: JwtRules,
  audiences: readonly string[] | undefined,
): Promise<JwtPayload> {
  const compact = compactToken(token, rules.algorithms, rules.maxTokenBytes);
  return (await verifyCompactJwt(compact, getKeys, rules, audiences)).claims;
}

/**
 * {@link verifyJwt} on a token that already passed `compactToken`. The header is read first
 * (`readHeader`: JSON object, `alg` in the allow-list, no `crit`), so a malformed or `alg: none`
 * token never reaches the keys (no cert fetch); then the keys are looked up by `kid` and jose's
 * `compactVerify` checks the signature with the first usable one, the others, if any, in turn
 * after a signature failure. jose gets the key itself, not a resolver: it re-checks the header,
 * the `alg` allow-list, and the key's type against `alg`.
 */
export async function verifyCompactJwt(
  compact: string,
  getKeys: GetKeys,
  rules: JwtRules,
  audiences: readonly string[] | undefined,
): Promise<VerifiedJwt> {
  const { alg, kid } = readHeader(compact, rules.algorithms);
  const found = getKeys(kid);
  const keys = found instanceof Promise ? await found : found;
  const usable = usableKeys(keys, kid, alg);
  const loaded = loadJoseVerify();
  const { compactVerify, errors } = loaded instanceof Promise ? await loaded : loaded;
  let failure: unknown;
  for (const entry of usable) {
    let payload: Uint8Array;
    try {
      const key = keys.verificationKey(entry);
      ({ payload } = await compactVerify(
        compact,
        key instanceof Promise ? await key : key,
        rules.joseOptions,
      ));
    } catch (err) {
      failure = err;
      if (isSignatureFailure(err, errors)) continue;
      break;
    }
    const { claims, text } = decodePayload(payload);
    checkClaimTimes(claims, rules);
    if (audiences !== undefined) checkAudience(claims, audiences);
    return { claims: claims as JwtPayload, text, keys, entry, kid, alg };
  }
  throw fromJoseError(failure, compact, rules.algorithms, errors);
}

/** `iat`/`exp`/`nbf` against the rules' clock and tolerances. */
export function checkClaimTimes(payload: Record<string, unknown>, rules: JwtRules): void {
  checkTimes(payload, {
    nowSec: Math.floor(rules.clock.now() / 1000),
    toleranceSec: rules.toleranceSec,
    maxLifetimeSec: rules.maxLifetimeSec,
  });
}
