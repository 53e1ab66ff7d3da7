/**
 * A verified JWT claims set. `iat` and `exp` are always present (verification requires them);
 * everything else is whatever the issuer put there.
 */
export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  azp?: string;
  iat: number;
  exp: number;
  nbf?: number;
  [claim: string]: unknown;
}

/** The claims of a verified Google ID token (OpenID Connect Core §2 plus Google's own). */
export interface IdTokenPayload extends JwtPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  email?: string;
  email_verified?: boolean;
  /** The Google Workspace domain of the account, when it has one. */
  hd?: string;
  nonce?: string;
  name?: string;
  picture?: string;
  given_name?: string;
  family_name?: string;
  locale?: string;
  at_hash?: string;
}
