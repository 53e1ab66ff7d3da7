import { type Clock, systemClock } from '@oauth2/core/http';
import type { CompactJWSHeaderParameters, VerifyOptions } from 'jose';
import { AppIdentityError } from '../errors.js';
import type { JwtPayload } from '../jwt-payload.js';
import type { KeySet, KeySetEntry } from '../key-set.js';
import { checkAudience, checkTimes } from './claims.js';
import { loadCompactVerify, loadJoseErrors } from './jose-modules.js';
import {
  CRIT_NOT_SUPPORTED,
  compactToken,
  decodePayload,
  fromJoseError,
  isSignatureFailure,
  malformed,
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
  const usable = candidates.filter(
    (e) => e.verifies === alg && (e.alg === undefined || e.alg === alg),
  );
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

/**
 * Check the signature with jose's `compactVerify` and return the verified payload bytes. jose
 * parses the header and enforces `crit` and the `alg` allow-list before it calls the key resolver,
 * so a malformed or `alg: none` token never reaches the keys (no cert fetch). The resolver then
 * refuses `crit` extensions jose accepts, looks the keys up by `kid`, and hands jose the first
 * usable one; the others, if any, are tried in turn after a signature failure.
 */
async function verifySignature(
  token: string,
  getKeys: GetKeys,
  rules: JwtRules,
): Promise<VerifiedSignature> {
  let keys: KeySet | undefined;
  let usable: readonly KeySetEntry[] = [];
  let kid: string | undefined;
  let alg = '';
  const pick = (found: KeySet) => {
    keys = found;
    usable = usableKeys(found, kid, alg);
    return found.verificationKey(usable[0] as KeySetEntry);
  };
  const resolveKey = (header: CompactJWSHeaderParameters) => {
    if (header.crit !== undefined) throw malformed(CRIT_NOT_SUPPORTED);
    kid = typeof header.kid === 'string' ? header.kid : undefined;
    alg = header.alg;
    const found = getKeys(kid);
    return found instanceof Promise ? found.then(pick) : pick(found);
  };
  const [{ compactVerify }, errors] = await Promise.all([loadCompactVerify(), loadJoseErrors()]);
  let failure: unknown;
  try {
    const { payload } = await compactVerify(token, resolveKey, rules.joseOptions);
    return { payload, keys: keys as unknown as KeySet, entry: usable[0] as KeySetEntry, kid, alg };
  } catch (err) {
    failure = err;
  }
  for (let i = 1; i < usable.length && keys && isSignatureFailure(failure, errors); i++) {
    try {
      const key = await keys.verificationKey(usable[i] as KeySetEntry);
      const { payload } = await compactVerify(token, key, rules.joseOptions);
      return { payload, keys, entry: usable[i] as KeySetEntry, kid, alg };
    } catch (err) {
      failure = err;
    }
  }
  throw fromJoseError(failure, token, rules.algorithms, errors);
}

/** A checked signature: the payload bytes, and which key of which set verified them. */
export interface VerifiedSignature {
  readonly payload: Uint8Array;
  readonly keys: KeySet;
  readonly entry: KeySetEntry;
  readonly kid: string | undefined;
  readonly alg: string;
}

/**
 * The whole pipeline, in the order that matters for security: size and shape (no key needed, no
 * network), then jose (header, `alg` allow-list, keys, signature), and only then the claims, ours
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
 * {@link verifyJwt} on a token that already passed `compactToken`, also telling which key
 * verified it (for the verified-token cache of `IdTokenVerifier`).
 */
export async function verifyCompactJwt(
  compact: string,
  getKeys: GetKeys,
  rules: JwtRules,
  audiences: readonly string[] | undefined,
): Promise<{ claims: JwtPayload; signature: VerifiedSignature }> {
  const signature = await verifySignature(compact, getKeys, rules);
  const payload = decodePayload(signature.payload);
  checkClaimTimes(payload, rules);
  if (audiences !== undefined) checkAudience(payload, audiences);
  return { claims: payload as JwtPayload, signature };
}

/** `iat`/`exp`/`nbf` against the rules' clock and tolerances. */
export function checkClaimTimes(payload: Record<string, unknown>, rules: JwtRules): void {
  checkTimes(payload, {
    nowSec: Math.floor(rules.clock.now() / 1000),
    toleranceSec: rules.toleranceSec,
    maxLifetimeSec: rules.maxLifetimeSec,
  });
}
