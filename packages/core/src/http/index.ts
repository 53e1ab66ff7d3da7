/// <reference types="node" preserve="true" />
/**
 * The HTTP plumbing every @oauth2 package shares: bounded requests, retries, an injectable clock.
 * @module
 */
export { type Clock, systemClock } from './clock.js';
export {
  assertHeaderValue,
  assertSecureEndpoint,
  type EndpointCheckOptions,
  isLoopbackHost,
  isSecureOrLoopbackUrl,
} from './endpoint.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  type HttpRequestOptions,
  type HttpResponse,
  httpRequest,
  safeHost,
} from './request.js';
export {
  parseRetryAfter,
  type RetryPolicy,
  type WithRetriesOptions,
  withRetries,
} from './retry.js';
export { isRetryableStatus } from './retryable-status.js';
export { redactSecrets, requestSecrets, scrubError, withScrubbedErrors } from './scrub.js';
export { withSignal } from './with-signal.js';
