import { OAuth2Error, type OAuth2ErrorOptions } from '@oauth2/core/errors';

/**
 * Base class of the devshell errors (`oauth2client.devshell.Error`).
 *
 * @example
 * if (err instanceof DevshellError) console.error('Cloud Shell credentials unavailable:', err.message);
 */
export class DevshellError extends OAuth2Error {
  static override readonly defaultCode: string = 'devshell_error';
}

/**
 * `DEVSHELL_CLIENT_PORT` is unset, empty or `0`: this is not a Cloud Shell session. No
 * connection was attempted.
 *
 * @example
 * try {
 *   await DevshellCredentials.create();
 * } catch (err) {
 *   if (!(err instanceof NoDevshellServer)) throw err;
 * }
 */
export class NoDevshellServer extends DevshellError {
  static override readonly defaultCode: string = 'no_devshell_server';
}

/**
 * The devshell server could not be reached, answered out of protocol (no newline in the first
 * 6 bytes, a bad length prefix, a short body, a payload that is not a JSON list, a bad field), or
 * did not answer within the deadline (`code` `timeout`). Messages never quote the answer.
 *
 * @example
 * if (err instanceof CommunicationError && err.code === 'timeout') retryLater();
 */
export class CommunicationError extends DevshellError {
  static override readonly defaultCode: string = 'devshell_communication';
  constructor(message: string, options: OAuth2ErrorOptions = {}) {
    super(message, options);
  }
}
