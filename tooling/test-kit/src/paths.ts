import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (works from `src/` and from `dist/`). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The `shared/` folder that sits beside the clone (CI lays it there). `OAUTH2_SHARED_DIR`
 * overrides it.
 */
export const sharedDir: string = process.env.OAUTH2_SHARED_DIR ?? resolve(repoRoot, '../shared');

/** `shared/fixtures/oauth2client`, produced by the Python original. */
export const fixturesDir: string = join(sharedDir, 'fixtures', 'oauth2client');

/** Throw a clear error when `shared/` is missing, instead of a confusing ENOENT later. */
export function assertSharedDir(): void {
  if (!existsSync(fixturesDir)) {
    throw new Error(
      `Test fixtures not found at ${fixturesDir}. Clone the repo beside shared/ or set OAUTH2_SHARED_DIR.`,
    );
  }
}
