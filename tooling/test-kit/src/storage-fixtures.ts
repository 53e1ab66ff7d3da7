import { afterAll, beforeAll } from 'vitest';
import { canary } from './canary.js';
import { WorkerProcesses } from './fork-worker.js';
import { RotatingTokenServer, type RotatingTokenServerOptions } from './rotating-token-server.js';
import { type UseResourceOptions, useResource } from './use-resource.js';

/** Options of {@link useWorkerProcesses}. */
export interface UseWorkerProcessesOptions {
  /**
   * Check before the file's tests that the packages are built (default `true`); `false` for a
   * file that checks it itself, e.g. only once it knows its tests will run.
   */
  assertBuilt?: boolean;
}

/**
 * Worker processes for the tests of the current file: every worker still running is killed
 * after them (a failed or timed-out test must not leave any), and the packages the workers
 * import are checked as built before them.
 *
 * @example
 * const workers = useWorkerProcesses(new URL('./workers/', import.meta.url), ['core', 'storage-file']);
 * it('refreshes once', async () => {
 *   const child = workers.fork('refresher', [path]);
 * });
 */
export function useWorkerProcesses(
  dir: URL,
  packages: readonly string[],
  options: UseWorkerProcessesOptions = {},
): WorkerProcesses {
  const workers = new WorkerProcesses(dir, packages);
  afterAll(() => workers.killAll());
  if (options.assertBuilt !== false) beforeAll(() => workers.assertBuilt());
  return workers;
}

/**
 * A {@link RotatingTokenServer} for each test of the current file (or `describe`), started
 * before it and closed after it. Use it inside tests and hooks.
 *
 * @example
 * const server = useRotatingTokenServer();
 * it('rotates', async () => {
 *   const grant = server.issueGrant();
 * });
 */
export function useRotatingTokenServer(
  options: RotatingTokenServerOptions & UseResourceOptions<RotatingTokenServer> = {},
): RotatingTokenServer {
  const { per, beforeStop, ...serverOptions } = options;
  return useResource(
    () => RotatingTokenServer.start(serverOptions),
    (server) => server.close(),
    { ...(per === undefined ? {} : { per }), ...(beforeStop === undefined ? {} : { beforeStop }) },
  );
}

/** The fields of an OAuth2 credential as a code exchange stores it (`OAuth2Credentials` options). */
export interface GrantCredentialFields {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  tokenUri: string;
  revokeUri: string;
  tokenExpiry: Date;
}

/**
 * The options of an `OAuth2Credentials` holding `grant` of `server`: client `client-id` with a
 * canary secret, the server's token and revoke URIs, and an access token that expires
 * `expiresInMs` from now (default: it expired a second ago, so the first use refreshes).
 *
 * @example
 * const credentials = new OAuth2Credentials(grantCredentialFields(server, server.issueGrant()));
 */
export function grantCredentialFields(
  server: Pick<RotatingTokenServer, 'tokenUri' | 'revokeUri'>,
  grant: { accessToken: string; refreshToken: string },
  expiresInMs = -1000,
): GrantCredentialFields {
  return {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    clientId: 'client-id',
    clientSecret: canary('cs-'),
    tokenUri: server.tokenUri,
    revokeUri: server.revokeUri,
    tokenExpiry: new Date(Date.now() + expiresInMs),
  };
}
