import { OAuth2Error, type OAuth2ErrorOptions } from './oauth2-error.js';

/** A response body exceeded the size cap (1 MiB by default) and was aborted. */
export class ResponseTooLargeError extends OAuth2Error {
  static override readonly defaultCode: string = 'response_too_large';
  declare readonly code: 'response_too_large';
}

/** The connection failed before any response (refused, reset, DNS...). `cause` has the detail. */
export class NetworkError extends OAuth2Error {
  static override readonly defaultCode: string = 'network_error';
  /** Whether the request body may already have reached the server. */
  readonly maybeSent: boolean;
  constructor(message: string, options: OAuth2ErrorOptions & { maybeSent?: boolean } = {}) {
    super(message, options);
    this.maybeSent = options.maybeSent ?? true;
  }
}

/** A request or a whole operation ran out of time. `code` is `timeout`. */
export class TimeoutError extends OAuth2Error {
  static override readonly defaultCode: string = 'timeout';
  declare readonly code: 'timeout';
  readonly retryable = true;
}
