import { OAuth2Error, type OAuth2ErrorCode } from '@oauth2/core/errors';

/**
 * The middleware is misconfigured: no client found, a client-secrets file of the wrong type,
 * `express-session` not mounted before the router, an unusable `issuer`.
 *
 * @example
 * try {
 *   createOAuth2({});
 * } catch (err) {
 *   if (err instanceof OAuth2ConfigurationError) console.error(err.message); // says what to set
 * }
 */
export class OAuth2ConfigurationError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'oauth2_configuration';
}
