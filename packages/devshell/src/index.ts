/// <reference types="node" preserve="true" />
/**
 * @oauth2/devshell: Cloud Shell credentials from the local devshell server. Port of
 * `oauth2client.devshell`.
 * @module
 */
export {
  type CredentialInfo,
  DEFAULT_DEVSHELL_TIMEOUT_MS,
  type RequestCredentialInfoOptions,
  requestCredentialInfo,
} from './devshell-client.js';
export { DevshellCredentials, type DevshellCredentialsOptions } from './devshell-credentials.js';
export { DEVSHELL_ENV, devshellPort } from './devshell-port.js';
export {
  CommunicationError,
  DevshellError,
  type DevshellErrorCode,
  NoDevshellServer,
} from './errors.js';
