/** Google's ID-token signing certificates as `{ kid: PEM X.509 }` (oauth2client's `ID_TOKEN_VERIFICATION_CERTS`). */
export const GOOGLE_CERTS_URL = 'https://www.googleapis.com/oauth2/v1/certs';
/** The same keys as a JWKS. */
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
/** The `iss` values of Google ID tokens. */
export const GOOGLE_ISSUERS: readonly string[] = Object.freeze([
  'accounts.google.com',
  'https://accounts.google.com',
]);
/** Identity-Aware Proxy signing keys (ES256), as a JWKS. */
export const IAP_JWKS_URL = 'https://www.gstatic.com/iap/verify/public_key-jwk';
/** The `iss` of IAP-signed headers (`x-goog-iap-jwt-assertion`). */
export const IAP_ISSUERS: readonly string[] = Object.freeze(['https://cloud.google.com/iap']);
/** oauth2client's `MAX_TOKEN_LIFETIME_SECS` for assertions: `exp = iat + 3600`. */
export const ASSERTION_LIFETIME_SEC = 3600;
