import { CertCache, type CertCacheOptions } from './cert-cache.js';
import { GOOGLE_ISSUERS } from './constants.js';
import { checkAudience, checkHostedDomain, checkIssuer, checkNonce } from './internal/claims.js';
import { compactToken } from './internal/jws.js';
import { type TokenCacheOptions, VerifiedTokenCache } from './internal/verified-token-cache.js';
import {
  audienceList,
  checkClaimTimes,
  type GetKeys,
  type JwtRuleOptions,
  type JwtRules,
  resolveRules,
  verifyCompactJwt,
} from './internal/verify-jwt.js';
import type { IdTokenPayload, JwtPayload } from './jwt-payload.js';
import type { KeySet } from './key-set.js';

/** Options of {@link IdTokenVerifier}: the rules, and where the keys come from. */
export interface IdTokenVerifierOptions extends JwtRuleOptions, CertCacheOptions {
  /**
   * Accepted `iss` values (default `accounts.google.com` and `https://accounts.google.com`).
   * Compared exactly: no trailing slash, no `http:`.
   */
  issuers?: readonly string[] | undefined;
  /** Use this cache (shared with other verifiers) instead of making one from the options. */
  certCache?: CertCache | undefined;
  /**
   * The cache of verified tokens (on by default: at most 1 000 tokens, each for at most 300 s
   * and never past its `exp`), or `false` to check the signature of every token. It keeps a
   * SHA-256 of each token, never the token; every claim is still checked on each call.
   */
  tokenCache?: TokenCacheOptions | false | undefined;
}

/** Per-token checks. */
export interface IdTokenCheckOptions {
  /** The nonce sent in the authorization request: the token's must equal it. */
  nonce?: string | undefined;
  /** The Google Workspace domain the account must belong to (`hd` claim). */
  hostedDomain?: string | undefined;
}

/**
 * Verifies Google ID tokens (or any OpenID provider's, given its certs URL and issuers), keeping
 * the signing keys in a {@link CertCache} on the instance. Create one per process and reuse it:
 * a warm verification does no I/O and costs one signature check.
 *
 * A token seen before skips the signature check: the verifier remembers successful
 * verifications (keyed by the token's SHA-256, never the token; at most `tokenCache.maxEntries`,
 * each until the token's `exp` or `tokenCache.maxAgeSec`, whichever is first). On such a hit the
 * key that verified it must still be in the certificates (a key rotated out drops every token it
 * verified) and the claims, times included, are checked again. `tokenCache: false` turns it off.
 *
 * Order of checks: token shape and `alg` (no network); keys (cached); signature; `iat`/`exp`
 * (300 s tolerance, 86 400 s max lifetime); `iss`; `aud`/`azp`; `nonce`; `hd`.
 *
 * @example
 * const verifier = new IdTokenVerifier();
 * app.post('/login', async (req, res) => {
 *   const claims = await verifier.verify(req.body.credential, CLIENT_ID);
 *   res.json({ user: claims.sub });
 * });
 */
export class IdTokenVerifier {
  /** Where the keys come from. */
  readonly certCache: CertCache;
  readonly #rules: JwtRules;
  readonly #issuers: readonly string[];
  readonly #getKeys: GetKeys;
  readonly #tokens: VerifiedTokenCache | undefined;

  /**
   * @throws {TypeError} an algorithm other than RS256/ES256, an empty issuer list, a negative number.
   */
  constructor(options: IdTokenVerifierOptions = {}) {
    this.#rules = resolveRules(options);
    const issuers = options.issuers ?? GOOGLE_ISSUERS;
    if (issuers.length === 0) throw new TypeError('issuers must list at least one issuer.');
    this.#issuers = [...issuers];
    this.certCache = options.certCache ?? new CertCache(options);
    const cache = this.certCache;
    this.#getKeys = (kid) => cache.getKeys(kid);
    const tokenCache = options.tokenCache ?? {};
    this.#tokens = tokenCache === false ? undefined : new VerifiedTokenCache(tokenCache);
  }

  /** Number of verified tokens remembered now (0 with `tokenCache: false`). */
  get cachedTokenCount(): number {
    return this.#tokens?.size ?? 0;
  }

  /**
   * Verify an ID token and return its claims.
   *
   * @param idToken - the compact JWT (e.g. the `credential` Sign In With Google posts).
   * @param audience - your OAuth client id, or several accepted client ids.
   * @param options - a nonce and a hosted domain to require.
   * @throws {AppIdentityError} the token is rejected; `code` says why (`jwt_malformed`,
   *   `alg_not_allowed`, `signature_invalid`, `token_expired`, `wrong_issuer`,
   *   `wrong_audience`...). The message never contains the token.
   * @throws {CertFetchError} the keys could not be fetched and none are cached.
   * @throws {TypeError} `audience` is empty.
   * @example
   * const claims = await verifier.verify(idToken, CLIENT_ID, { hostedDomain: 'example.com' });
   */
  async verify(
    idToken: string | Uint8Array,
    audience: string | readonly string[],
    options: IdTokenCheckOptions = {},
  ): Promise<IdTokenPayload> {
    const audiences = audienceList(audience);
    const rules = this.#rules;
    const compact = compactToken(idToken, rules.algorithms, rules.maxTokenBytes);
    const tokens = this.#tokens;
    // The cache is consulted here rather than in an async helper: one promise fewer per call.
    const hashKey = tokens === undefined ? '' : VerifiedTokenCache.keyOf(compact);
    let payload: JwtPayload | undefined;
    const hit = tokens?.peek(hashKey, rules.clock.now());
    if (hit !== undefined && rules.algorithms.includes(hit.alg as never)) {
      const found = this.#getKeys(hit.kid);
      const keys: KeySet = found instanceof Promise ? await found : found;
      if (tokens?.confirm(hashKey, keys)) {
        checkClaimTimes(hit.claims, rules);
        payload = hit.claims as JwtPayload;
      }
    }
    if (payload === undefined) {
      const verified = await verifyCompactJwt(compact, this.#getKeys, rules, undefined);
      payload = verified.claims;
      tokens?.add(
        hashKey,
        {
          claims: verified.text,
          alg: verified.alg,
          kid: verified.kid,
          key: verified.entry.key,
          exp: payload.exp as number,
        },
        verified.keys,
        rules.clock.now(),
      );
    }
    checkIssuer(payload, this.#issuers);
    checkAudience(payload, audiences);
    if (options.nonce !== undefined) checkNonce(payload, options.nonce);
    if (options.hostedDomain !== undefined) checkHostedDomain(payload, options.hostedDomain);
    return payload as IdTokenPayload;
  }
}
