import { OAuth2Error } from '@oauth2/core/errors';

/**
 * Every `code` an @oauth2/express error carries (a closed union: switch on it):
 * - `oauth2_configuration`: {@link OAuth2ConfigurationError}, the middleware is misconfigured;
 * - `invalid_client_secrets`, `unknown_client_secrets_flow`: core's `InvalidClientSecretsError`
 *   and `UnknownClientSecretsFlowError`, for the client-secrets file;
 * - `oauth2_error`: core's `OAuth2Error`, `req.oauth2` used without a router or without credentials.
 * Failed code exchanges and refreshes are core's `FlowExchangeError` / `HttpAccessTokenRefreshError`.
 */
export type ExpressErrorCode =
  | 'oauth2_configuration'
  | 'invalid_client_secrets'
  | 'unknown_client_secrets_flow'
  | 'oauth2_error';

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
  static override readonly defaultCode: string = 'oauth2_configuration';
  declare readonly code: 'oauth2_configuration';
}
