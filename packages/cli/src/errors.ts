import { errorClass, OAuth2Error } from '@oauth2/core/errors';

/**
 * Every `code` an @oauth2/cli error carries (a closed union: switch on it): `login_timeout`
 * ({@link LoginTimeoutError}), `loopback_server_failed` ({@link LoopbackServerError}),
 * `discovery_failed` ({@link DiscoveryError}). A refused code exchange is core's
 * `FlowExchangeError`.
 */
export type CliErrorCode = 'login_timeout' | 'loopback_server_failed' | 'discovery_failed';

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
  declare readonly code: 'login_timeout';
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
  declare readonly code: 'loopback_server_failed';
}

/**
 * OpenID Connect discovery (`--issuer`) failed: the provider could not be reached, answered with
 * an HTTP error (`status`), or its `/.well-known/openid-configuration` is not JSON, names another
 * issuer, or lacks an https endpoint.
 *
 * @example
 * if (err instanceof DiscoveryError) {
 *   console.error(`Check the issuer URL (HTTP ${err.status ?? 'no answer'}).`);
 * }
 */
export class DiscoveryError extends errorClass(OAuth2Error, 'discovery_failed', {
  status: undefined as number | undefined,
}) {}
