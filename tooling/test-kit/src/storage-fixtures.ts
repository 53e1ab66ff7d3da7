import { afterAll, beforeAll } from 'vitest';
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
