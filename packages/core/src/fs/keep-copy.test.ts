import { chmod, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { posix, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { CredentialsFileSymbolicLinkError } from '../errors.js';
import { compactTimestamp, keepCorruptCopy } from './keep-copy.js';

const tmp = useTempDir('oauth2-copy-');

describe('keepCorruptCopy', () => {
  it('copies the bytes to <file>.corrupt-<ts> with mode 0600, never overwriting', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFile(path, Buffer.from([0, 1, 2, 255]));
    await chmod(path, 0o644);
    const now = Date.UTC(2024, 4, 1, 12, 0, 0, 123);
    expect(compactTimestamp(now)).toBe('20240501T120000123Z');
    const first = await keepCorruptCopy(path, { now });
    const second = await keepCorruptCopy(path, { now });
    expect(first).toBe(`${path}.corrupt-20240501T120000123Z`);
    expect(second).toBe(`${path}.corrupt-20240501T120000123Z-1`);
    for (const copy of [first, second]) {
      expect(await readFile(copy ?? '')).toEqual(Buffer.from([0, 1, 2, 255]));
      if (posix) expect((await stat(copy ?? '')).mode & 0o777).toBe(0o600);
    }
    expect(await readFile(path)).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('does nothing for a missing file and refuses a symlink', async () => {
    expect(await keepCorruptCopy(join(tmp.dir, 'missing'))).toBeUndefined();
    await writeFile(join(tmp.dir, 'target'), 'x');
    await symlink(join(tmp.dir, 'target'), join(tmp.dir, 'link'));
    await expect(keepCorruptCopy(join(tmp.dir, 'link'))).rejects.toBeInstanceOf(
      CredentialsFileSymbolicLinkError,
    );
    expect((await readdir(tmp.dir)).sort()).toEqual(['link', 'target']);
  });
});
