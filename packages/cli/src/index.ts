/**
 * @oauth2/cli: the `oauth2` command, and `runFlow` for your own command-line tools.
 * Port of `oauth2client.tools`.
 * @module
 */
export { LoginTimeoutError, LoopbackServerError } from './errors.js';
export { LoopbackRedirectServer, type LoopbackRedirectServerOptions } from './loopback-server.js';
export { messageIfMissing } from './message-if-missing.js';
export { type RunFlowOptions, runFlow } from './run-flow.js';
