import { CertCache } from './cert-cache.js';
import {
  type IdTokenCheckOptions,
  IdTokenVerifier,
  type IdTokenVerifierOptions,
} from './id-token-verifier.js';
import { DefaultCertCaches } from './internal/default-cert-caches.js';
import type { IdTokenPayload } from './jwt-payload.js';

/** Options of {@link verifyIdToken}. */
export interface VerifyIdTokenOptions extends IdTokenVerifierOptions, IdTokenCheckOptions {
  /**
   * A long-lived verifier to use (its caches, rules and issuers; the other verifier options here
   * are then ignored). Without one, each call builds a verifier around a shared default
   * {@link CertCache} for its certs URL (see {@link verifyIdToken}), without the verified-token
   * cache: pass a verifier on any hot path.
   */
  verifier?: IdTokenVerifier | undefined;
}

/**
 * Verify a Google ID token and return its claims. Port of `oauth2client.client.verify_id_token`:
 * fetches Google's certs (PEM v1 by default; any URL, JWKS too, via `url`), checks the signature
 * (RS256 only by default), `iss`, `aud` (and `azp` with several audiences), optional `nonce` and
 * `hd`, and `iat`/`exp` with 300 s tolerance and at most 86 400 s ahead.
 *
 * For a server, create one {@link IdTokenVerifier} and pass it as `verifier` (or call its
 * `verify`): it caches the certs on the instance as `Cache-Control` allows, and remembers the
 * tokens it verified.
 *
 * Without `verifier` (or `certCache`), repeated calls do not fetch the certs each time: the
 * certs of each URL are kept in a default {@link CertCache}, created on the first call for that
 * URL and held by this module: the one module-level cache of the package, created lazily (nothing
 * at import time), at most 16 URLs per `fetch` and `clock` passed (least recently used dropped),
 * and separate for each `fetch`/`clock` object, so callers injecting their own never share it.
 *
 * @param idToken - the compact JWT.
 * @param audience - your OAuth client id (or several).
 * @throws {AppIdentityError} the token is rejected; `code` says why; never echoes the token.
 * @throws {CertFetchError} the certs could not be fetched (`Status code: N`, timeout, size).
 * @example
 * const verifier = new IdTokenVerifier();
 * const claims = await verifyIdToken(idToken, CLIENT_ID, { verifier });
 */
export async function verifyIdToken(
  idToken: string | Uint8Array,
  audience: string | readonly string[],
  options: VerifyIdTokenOptions = {},
): Promise<IdTokenPayload> {
  if (options.verifier) return await options.verifier.verify(idToken, audience, options);
  defaults ??= new DefaultCertCaches((cacheOptions) => new CertCache(cacheOptions));
  const verifier = new IdTokenVerifier({
    ...options,
    certCache: options.certCache ?? defaults.get(options),
    tokenCache: false,
  });
  return await verifier.verify(idToken, audience, options);
}

/** The default cert caches of {@link verifyIdToken}, made on its first call without a verifier. */
let defaults: DefaultCertCaches | undefined;
