import {
  audienceList,
  type JwtRuleOptions,
  resolveRules,
  verifyJwt,
} from './internal/verify-jwt.js';
import type { JwtPayload } from './jwt-payload.js';
import { type CertsInput, KeySet } from './key-set.js';

/** Options of {@link verifySignedJwtWithCerts}. */
export type VerifySignedJwtOptions = JwtRuleOptions;

/**
 * Verify a JWT against a set of public keys and return its claims. Port of
 * `oauth2client.crypt.verify_signed_jwt_with_certs`, hardened: only allow-listed algorithms
 * (RS256 by default), the signature before any claim, `jku`/`x5u`/`jwk` never trusted.
 *
 * Checks, in order: shape and `alg` (`jwt_malformed`, `alg_not_allowed`); signature
 * (`no_matching_key`, `key_unsupported`, `signature_invalid`); `iat`/`exp` present
 * (`missing_claim`), `exp` at most 86 400 s ahead (`lifetime_too_long`), `iat`/`nbf` not more than
 * 300 s ahead (`token_used_too_early`), `exp > now - 300` (`token_expired`); then, when an
 * audience is given, `aud` (`wrong_audience`, and `azp` when there are several audiences).
 * `iss` is not checked here: {@link IdTokenVerifier} does.
 *
 * `certs` is a PEM certificate map (`{ kid: pem }`, as oauth2client took), a JWKS, or a
 * {@link KeySet}. Pass a `KeySet` when verifying many tokens: a map is parsed on every call.
 *
 * @param jwt - the compact JWT.
 * @param certs - the keys to check the signature with.
 * @param audience - the expected `aud` (or any of several); omitted, `aud` is not checked.
 * @throws {AppIdentityError} the token is rejected; `code` says why. The message never contains
 *   the token.
 * @throws {InvalidKeyError} `certs` holds something that is not a certificate or public key.
 * @example
 * const claims = await verifySignedJwtWithCerts(jwt, { key1: certPem }, 'my-client-id');
 */
export async function verifySignedJwtWithCerts(
  jwt: string | Uint8Array,
  certs: CertsInput,
  audience?: string | readonly string[],
  options: VerifySignedJwtOptions = {},
): Promise<JwtPayload> {
  const rules = resolveRules(options);
  const audiences = audience === undefined ? undefined : audienceList(audience);
  const keys = KeySet.from(certs);
  return verifyJwt(jwt, () => keys, rules, audiences);
}
