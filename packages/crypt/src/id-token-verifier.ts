import { CertCache, type CertCacheOptions } from './cert-cache.js';
import { GOOGLE_ISSUERS } from './constants.js';
import { checkAudience, checkHostedDomain, checkIssuer, checkNonce } from './internal/claims.js';
import {
  audienceList,
  type GetKeys,
  type JwtRuleOptions,
  type JwtRules,
  resolveRules,
  verifyJwt,
} from './internal/verify-jwt.js';
import type { IdTokenPayload } from './jwt-payload.js';

/** Options of {@link IdTokenVerifier}: the rules, and where the keys come from. */
export interface IdTokenVerifierOptions extends JwtRuleOptions, CertCacheOptions {
  /**
   * Accepted `iss` values (default `accounts.google.com` and `https://accounts.google.com`).
   * Compared exactly: no trailing slash, no `http:`.
   */
  issuers?: readonly string[] | undefined;
  /** Use this cache (shared with other verifiers) instead of making one from the options. */
  certCache?: CertCache | undefined;
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
  }

  /**
   * Verify an ID token and return its claims.
   *
   * @param idToken - the compact JWT (e.g. the `credential` Sign In With Google posts).
   * @param audience - your OAuth client id, or several accepted client ids.
   * @param options - a nonce and a hosted domain to require.
   * @throws {AppIdentityError} the token is rejected; `code` says why (`malformed`,
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
    const payload = await verifyJwt(idToken, this.#getKeys, this.#rules, undefined);
    checkIssuer(payload, this.#issuers);
    checkAudience(payload, audiences);
    if (options.nonce !== undefined) checkNonce(payload, options.nonce);
    if (options.hostedDomain !== undefined) checkHostedDomain(payload, options.hostedDomain);
    return payload as IdTokenPayload;
  }
}
