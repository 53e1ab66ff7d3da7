import { errorClass, OAuth2Error } from './oauth2-error.js';

/** A response body exceeded the size cap (1 MiB by default) and was aborted. */
export class ResponseTooLargeError extends errorClass(OAuth2Error, 'response_too_large') {}

/** The connection failed before any response (refused, reset, DNS...). `cause` has the detail. */
export class NetworkError extends errorClass(OAuth2Error, 'network_error' as string, {
  /** Whether the request body may already have reached the server. */
  maybeSent: true as boolean,
}) {}

/** A request or a whole operation ran out of time. `code` is `timeout`. */
export class TimeoutError extends errorClass(OAuth2Error, 'timeout') {
  readonly retryable = true;
}
