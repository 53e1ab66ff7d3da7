// Issue 9 for the file store (IDs H3d, H5d-H5f, H6c): ssh's rule at the locked read, nesting
// depth, long names. Real files and a real chown (the tests run as root here).
import { chmod, chown, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CredentialsCorruptError, InsecureCredentialFileError } from '@oauth2/core';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '../src/index.js';
import { makeCredentials } from './helpers.js';

const tmp = useTempDir('oauth2-file-hostile-');
const posix = process.platform !== 'win32';
const isRoot = posix && process.getuid?.() === 0;
const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

describe.runIf(posix)('H5: a store must be private to its user', () => {
  it('H5d a group- or world-writable store is refused by get() and put(), and left as it is', async () => {
    const path = join(tmp.dir, 'creds.json');
    await new FileStorage(path).put(makeCredentials());
    await chmod(path, 0o666);
    const storage = new FileStorage(path);
    await expect(storage.get()).rejects.toThrow(InsecureCredentialFileError);
    await expect(storage.put(makeCredentials())).rejects.toThrow(InsecureCredentialFileError);
    expect(await modeOf(path)).toBe(0o666);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });

  it.runIf(isRoot)(
    'H5e a store owned by another user is refused, with the fix in the message',
    async () => {
      const path = join(tmp.dir, 'creds.json');
      await new FileStorage(path).put(makeCredentials());
      await chown(path, 4242, 4242);
      const err = await new FileStorage(path).get().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InsecureCredentialFileError);
      expect((err as Error).message).toMatch(/chown .* chmod 600/);
    },
  );

  it('H5f a store readable by others is tightened to 0600 at the first locked read', async () => {
    const path = join(tmp.dir, 'creds.json');
    await new FileStorage(path).put(makeCredentials());
    await chmod(path, 0o644);
    expect(await new FileStorage(path).get()).toBeDefined();
    expect(await modeOf(path)).toBe(0o600);
  });
});

it('H3d a store file nested deeper than 64 levels is CredentialsCorruptError', async () => {
  const path = join(tmp.dir, 'creds.json');
  const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
  await writeFile(
    path,
    `{"_module": "oauth2client.client", "_class": "OAuth2Credentials", "token_response": ${deep}}`,
    { mode: 0o600 },
  );
  await expect(new FileStorage(path).get()).rejects.toThrow(CredentialsCorruptError);
});

it('H6c a store whose name is 250 bytes long can be written and read back', async () => {
  const path = join(tmp.dir, `${'s'.repeat(245)}.json`);
  const storage = new FileStorage(path);
  await storage.put(makeCredentials());
  expect(await storage.get()).toBeDefined();
});
