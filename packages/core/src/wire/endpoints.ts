/**
 * Google's OAuth 2.0 endpoints as of today (decisions.md "Endpoints"). Every class that uses one
 * takes an option to override it, so any RFC 6749 provider works.
 * @module
 */

/** Authorization endpoint. */
export const GOOGLE_AUTH_URI = 'https://accounts.google.com/o/oauth2/v2/auth';
/** Token endpoint. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** Revocation endpoint (RFC 7009). */
export const GOOGLE_REVOKE_URI = 'https://oauth2.googleapis.com/revoke';
/** Device authorization endpoint (RFC 8628). */
export const GOOGLE_DEVICE_URI = 'https://oauth2.googleapis.com/device/code';
/** Token information endpoint. */
export const GOOGLE_TOKEN_INFO_URI = 'https://oauth2.googleapis.com/tokeninfo';
/** X.509 certificates that sign Google ID tokens. */
export const ID_TOKEN_VERIFICATION_CERTS = 'https://www.googleapis.com/oauth2/v1/certs';
/** The same keys as a JWK set. */
export const ID_TOKEN_VERIFICATION_JWKS = 'https://www.googleapis.com/oauth2/v3/certs';
/** The retired out-of-band redirect URI; kept for recognizing old configuration only. */
export const OOB_CALLBACK_URN = 'urn:ietf:wg:oauth:2.0:oob';
/** The grant type of RFC 7523 JWT bearer assertions (service accounts). */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Status codes that make an authorized request refresh its token and resend. */
export const REFRESH_STATUS_CODES: readonly number[] = [401];
