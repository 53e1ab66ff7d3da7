import { DevshellError, NoDevshellServer } from './errors.js';

/** The environment variable Cloud Shell sets to the local credential server's port. */
export const DEVSHELL_ENV = 'DEVSHELL_CLIENT_PORT';

/**
 * The devshell port from `DEVSHELL_CLIENT_PORT` (read when called, never at import).
 *
 * @throws {NoDevshellServer} the variable is unset, empty or `0`.
 * @throws {DevshellError} `invalid_port`: the value is not a port number.
 * @example
 * const port = devshellPort(process.env); // 43210 inside Cloud Shell
 */
export function devshellPort(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const raw = env[DEVSHELL_ENV]?.trim();
  if (raw === undefined || raw === '' || /^0+$/.test(raw)) {
    throw new NoDevshellServer(
      `${DEVSHELL_ENV} is not set: this is not a Cloud Shell session, so there is no devshell credential server.`,
    );
  }
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new DevshellError(`${DEVSHELL_ENV} must be a TCP port number (1-65535).`, {
      code: 'invalid_port',
    });
  }
  return port;
}
