/// <reference types="node" preserve="true" />
/**
 * @oauth2/cli: the `oauth2` command, and `runFlow` for your own command-line tools.
 * Port of `oauth2client.tools`.
 * @module
 */
export {
  type CliErrorCode,
  DiscoveryError,
  LoginTimeoutError,
  LoopbackServerError,
} from './errors.js';
export {
  LoopbackRedirectServer,
  type LoopbackRedirectServerOptions,
} from './flow/loopback-server.js';
export { type RunFlowOptions, runFlow } from './flow/run-flow.js';
export { messageIfMissing } from './message-if-missing.js';
