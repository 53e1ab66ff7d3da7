import { OAuth2Error } from '@oauth2/core/errors';

/**
 * No browser sign-in arrived within the login timeout (`timeoutMs`, default 5 min). The
 * redirect server was closed and nothing was stored.
 *
 * @example
 * try {
 *   await runFlow(flow, storage, { timeoutMs: 60_000 });
 * } catch (err) {
 *   if (err instanceof LoginTimeoutError) console.error('Try again, or use the device flow.');
 * }
 */
export class LoginTimeoutError extends OAuth2Error {
  static override readonly defaultCode = 'login_timeout';
}

/**
 * The loopback redirect server could not start: the host is not a loopback IP literal, or every
 * port asked for is in use.
 *
 * @example
 * try {
 *   await runFlow(flow, storage, { authHostPort: [8080, 8090] });
 * } catch (err) {
 *   if (err instanceof LoopbackServerError) await runFlow(flow, storage, { noauthLocalWebserver: true });
 * }
 */
export class LoopbackServerError extends OAuth2Error {
  static override readonly defaultCode = 'loopback_server_failed';
}
