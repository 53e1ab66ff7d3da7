/// <reference types="node" preserve="true" />
/**
 * XSRF tokens bound to a user, an action and a time: HMAC-SHA256 by default, or bit-for-bit
 * compatible with oauth2client's `xsrfutil`.
 *
 * @module
 */

export { XsrfError, type XsrfErrorCode } from './errors.js';
export { type GenerateTokenOptions, generateToken } from './generate-token.js';
export { type ValidateTokenOptions, validateToken } from './validate-token.js';
export {
  DEFAULT_TIMEOUT_SECS,
  MIN_KEY_BYTES,
  type XsrfGenerateOptions,
  type XsrfKey,
  type XsrfMode,
  XsrfTokens,
  type XsrfTokensOptions,
  type XsrfUserId,
  type XsrfValidateOptions,
} from './xsrf-tokens.js';
