import { OAuth2Error, type OAuth2ErrorOptions } from '@oauth2/core/errors';

/**
 * Every `code` an @oauth2/devshell error carries (a closed union: switch on it).
 * - `no_devshell_server`: {@link NoDevshellServer}, not a Cloud Shell session;
 * - `devshell_communication`: {@link CommunicationError}, the server answered out of protocol or
 *   could not be reached;
 * - `timeout`: {@link CommunicationError}, no answer within the deadline (core's `timeout`);
 * - `invalid_port`: {@link DevshellError}, `DEVSHELL_CLIENT_PORT` is not a TCP port number;
 * - `no_access_token`: {@link DevshellError}, the server answered without an access token;
 * - `devshell_error`: {@link DevshellError}, the base class's default;
 * - `not_serializable`: core's `NotSerializableError`, devshell credentials are never serialized.
 */
export type DevshellErrorCode =
  | 'devshell_error'
  | 'no_devshell_server'
  | 'devshell_communication'
  | 'timeout'
  | 'invalid_port'
  | 'no_access_token'
  | 'not_serializable';

/**
 * Base class of the devshell errors (`oauth2client.devshell.Error`).
 *
 * @example
 * if (err instanceof DevshellError) console.error('Cloud Shell credentials unavailable:', err.message);
 */
export class DevshellError extends OAuth2Error {
  static override readonly defaultCode: string = 'devshell_error';
  declare readonly code: Exclude<DevshellErrorCode, 'not_serializable'>;
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
  declare readonly code: 'no_devshell_server';
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
  declare readonly code: 'devshell_communication' | 'timeout';
  constructor(message: string, options: OAuth2ErrorOptions = {}) {
    super(message, options);
  }
}
