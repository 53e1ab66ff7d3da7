import { AppIdentityError, type AppIdentityErrorCode } from '../errors.js';

function fail(code: AppIdentityErrorCode, message: string): never {
  throw new AppIdentityError(message, { code });
}

function timeClaim(
  payload: Record<string, unknown>,
  name: 'iat' | 'exp' | 'nbf',
): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail('invalid_claim', `The ${name} field is not a number.`);
  }
  return value;
}

/** Time rules, in whole seconds. */
export interface TimeRules {
  readonly nowSec: number;
  readonly toleranceSec: number;
  readonly maxLifetimeSec: number;
}

/**
 * `iat` and `exp` required; `exp` less than `maxLifetimeSec` ahead (checked first, as
 * oauth2client); `iat` and `nbf` at most `toleranceSec` in the future; expired when
 * `exp <= now - toleranceSec` (jose's convention, adversarial J3: one second stricter than
 * oauth2client's `now > exp + tolerance`).
 */
export function checkTimes(payload: Record<string, unknown>, rules: TimeRules): void {
  const { nowSec: now, toleranceSec: skew, maxLifetimeSec } = rules;
  const iat = timeClaim(payload, 'iat');
  if (iat === undefined) fail('missing_claim', 'No iat field in token.');
  const exp = timeClaim(payload, 'exp');
  if (exp === undefined) fail('missing_claim', 'No exp field in token.');
  const nbf = timeClaim(payload, 'nbf');
  if (exp >= now + maxLifetimeSec) {
    fail(
      'lifetime_too_long',
      `exp field too far in future: the expiration time is ${Math.round(exp - now)} s ahead, the maximum is ${maxLifetimeSec} s.`,
    );
  }
  if (iat > now + skew)
    fail('token_used_too_early', `Token used too early, ${now} < ${iat - skew}.`);
  if (nbf !== undefined && nbf > now + skew) {
    fail('token_used_too_early', `Token used too early (nbf), ${now} < ${nbf - skew}.`);
  }
  if (exp <= now - skew) fail('token_expired', `Token used too late, ${now} >= ${exp + skew}.`);
}

/**
 * `aud` must name one of `audiences`. With several audiences in the token, `azp` must be present
 * and one of `audiences` (OpenID Connect Core §3.1.3.7). A single audience with a different `azp`
 * is fine: Google sets `azp` to the Android or iOS client that asked for a web client's token.
 */
export function checkAudience(
  payload: Record<string, unknown>,
  audiences: readonly string[],
): void {
  const aud = payload.aud;
  if (aud === undefined) fail('wrong_audience', 'No aud field in token.');
  if (typeof aud === 'string') {
    if (!audiences.includes(aud)) {
      fail('wrong_audience', "Wrong recipient: the token's aud is not an expected audience.");
    }
    return;
  }
  if (!Array.isArray(aud) || aud.length === 0 || aud.some((a) => typeof a !== 'string')) {
    fail('wrong_audience', 'The aud field is neither a string nor an array of strings.');
  }
  if (!aud.some((a) => audiences.includes(a))) {
    fail('wrong_audience', "Wrong recipient: none of the token's audiences is expected.");
  }
  if (aud.length > 1) {
    const azp = payload.azp;
    if (typeof azp !== 'string' || !audiences.includes(azp)) {
      fail(
        'wrong_azp',
        'The token has several audiences and its azp (authorized party) is missing or not an expected audience.',
      );
    }
  }
}

/** `iss` must be exactly one of `issuers`. */
export function checkIssuer(payload: Record<string, unknown>, issuers: readonly string[]): void {
  const iss = payload.iss;
  if (typeof iss !== 'string') fail('wrong_issuer', 'No iss field in token.');
  if (!issuers.includes(iss))
    fail('wrong_issuer', "Wrong issuer: the token's iss is not accepted.");
}

/** The token's `nonce` must equal `expected` (compared in constant time). */
export function checkNonce(payload: Record<string, unknown>, expected: string): void {
  const nonce = payload.nonce;
  if (typeof nonce !== 'string')
    fail('wrong_nonce', 'The token has no nonce, and one was expected.');
  const a = Buffer.from(nonce, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length || !process.getBuiltinModule('node:crypto').timingSafeEqual(a, b)) {
    fail('wrong_nonce', 'The token nonce does not match the one sent.');
  }
}

/** The token's `hd` (Google Workspace hosted domain) must equal `expected`. */
export function checkHostedDomain(payload: Record<string, unknown>, expected: string): void {
  const hd = payload.hd;
  if (typeof hd !== 'string') {
    fail(
      'wrong_hosted_domain',
      'The token has no hd claim: the account is not in a hosted domain.',
    );
  }
  if (hd !== expected)
    fail('wrong_hosted_domain', 'The token hd claim is not the expected hosted domain.');
}
