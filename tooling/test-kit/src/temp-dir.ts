import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** A temporary directory and the function that removes it. */
export interface TempDir {
  dir: string;
  cleanup: () => Promise<void>;
}

/**
 * A fresh directory under the OS temp dir, removed (with its content) by `cleanup`.
 *
 * @example
 * const { dir, cleanup } = await tempDir('oauth2-contract-');
 */
export async function tempDir(prefix = 'oauth2-test-'): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Options of {@link useTempDir}. */
export interface UseTempDirOptions {
  /** `'test'` (default): a new directory for every test; `'file'`: one for the whole file. */
  per?: 'test' | 'file';
}

/**
 * Register vitest hooks that give the tests of the current file (or `describe`) a fresh temporary
 * directory and remove it afterwards. Read `dir` inside tests and hooks, not at collection time.
 *
 * @example
 * const tmp = useTempDir('oauth2-file-');
 * it('writes', async () => {
 *   await new FileStorage(join(tmp.dir, 'creds.json')).put(credentials);
 * });
 */
export function useTempDir(
  prefix = 'oauth2-test-',
  options: UseTempDirOptions = {},
): { readonly dir: string } {
  let current: TempDir | undefined;
  const [before, after] = options.per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    current = await tempDir(prefix);
  });
  after(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return {
    get dir(): string {
      if (current === undefined) throw new Error('useTempDir: read `dir` inside a test or hook.');
      return current.dir;
    },
  };
}
