// The global setup runs outside the test environment, without the `source` condition that maps
// workspace packages to their TypeScript: import the test kit's source file directly.

import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../../tooling/test-kit/src/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The connection string of the run's own PostgreSQL server. */
    pgUrl: string;
  }
}

/** Start one throwaway PostgreSQL server for the whole run and stop it after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('pgUrl', server.connectionString);
  return () => server.stop();
}
