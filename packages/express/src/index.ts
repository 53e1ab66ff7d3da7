/// <reference types="node" preserve="true" />
/**
 * @oauth2/express: sign-in and API access for Express apps. Port of `oauth2client.flask_util`.
 * @module
 */
export { createOAuth2, type OAuth2Express } from './create-oauth2.js';
export { type ExpressErrorCode, OAuth2ConfigurationError } from './errors.js';
export { CONFIGURATION_NOT_FOUND } from './internal/client-config.js';
export { SESSION_KEYS } from './internal/session-keys.js';
export { MAX_PENDING_TRANSACTIONS, TRANSACTION_TTL_MS } from './internal/transactions.js';
export type { OAuth2RequestContext } from './oauth2-context.js';
export type {
  AuthorizeUrlOptions,
  LogoutOptions,
  LogoutReport,
  OAuth2ExpressOptions,
  RequiredOptions,
  VerifyCsrfOptions,
} from './options.js';
