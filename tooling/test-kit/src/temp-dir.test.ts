import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, useTempDir } from './temp-dir.js';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('tempDir', () => {
  it('creates a fresh directory that cleanup removes with its content', async () => {
    const a = await tempDir('oauth2-kit-');
    const b = await tempDir('oauth2-kit-');
    expect(a.dir).not.toBe(b.dir);
    expect(a.dir).toMatch(/oauth2-kit-/);
    await writeFile(join(a.dir, 'x'), 'x');
    await a.cleanup();
    await b.cleanup();
    expect(await exists(a.dir)).toBe(false);
  });
});

describe('useTempDir', () => {
  const tmp = useTempDir('oauth2-kit-each-');
  const seen: string[] = [];

  it('gives each test its own directory', async () => {
    seen.push(tmp.dir);
    await writeFile(join(tmp.dir, 'x'), 'x');
  });
  it('(second test)', async () => {
    seen.push(tmp.dir);
    expect(seen[0]).not.toBe(seen[1]);
    // The first test's directory is gone.
    expect(await exists(seen[0] as string)).toBe(false);
  });

  afterAll(async () => {
    expect(await exists(seen[1] as string)).toBe(false);
  });
});

describe('useTempDir per file', () => {
  const tmp = useTempDir('oauth2-kit-file-', { per: 'file' });
  let first: string | undefined;
  it('keeps one directory for all tests', () => {
    first = tmp.dir;
  });
  it('(second test)', () => {
    expect(tmp.dir).toBe(first);
  });
});

describe('useTempDir outside a test', () => {
  const tmp = useTempDir();
  let error: unknown;
  try {
    void tmp.dir;
  } catch (err) {
    error = err;
  }
  it('throws a clear error when read at collection time', () => {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/inside a test or hook/);
  });
});
