// Issue 9 for the multistore (IDs H3e, H5g-H5h): ssh's rule at the locked read, nesting depth.
import { chmod, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CredentialsCorruptError, InsecureCredentialFileError } from '@oauth2/core';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { Multistore } from '../src/index.js';
import { makeCredentials } from './helpers.js';

const tmp = useTempDir('oauth2-multi-hostile-');
const posix = process.platform !== 'win32';

describe.runIf(posix)('H5: the multistore file must be private to its user', () => {
  it('H5g a group-writable multistore is refused and left as it is', async () => {
    const path = join(tmp.dir, 'store.json');
    await new Multistore(path).storage({ key: 'k' }).put(makeCredentials());
    await chmod(path, 0o620);
    const storage = new Multistore(path).storage({ key: 'k' });
    await expect(storage.get()).rejects.toThrow(InsecureCredentialFileError);
    await expect(storage.put(makeCredentials())).rejects.toThrow(InsecureCredentialFileError);
    expect((await stat(path)).mode & 0o777).toBe(0o620);
  });

  it('H5h a world-readable multistore is tightened to 0600 at the first locked read', async () => {
    const path = join(tmp.dir, 'store.json');
    await new Multistore(path).storage({ key: 'k' }).put(makeCredentials());
    await chmod(path, 0o644);
    expect(await new Multistore(path).storage({ key: 'k' }).get()).toBeDefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

it('H3e a multistore nested deeper than 64 levels is CredentialsCorruptError', async () => {
  const path = join(tmp.dir, 'store.json');
  const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
  await writeFile(path, `{"file_version": 1, "data": ${deep}}`, { mode: 0o600 });
  await expect(new Multistore(path).storage({ key: 'k' }).get()).rejects.toThrow(
    CredentialsCorruptError,
  );
});
