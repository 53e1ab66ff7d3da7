import { readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { CredentialsFileSymbolicLinkError, LockCompromisedError } from '../errors.js';
import type { LockfileApi } from './file-lock.js';
import { LockedCredentialFile } from './locked-credential-file.js';

/** proper-lockfile's shape, counting the locks taken (the real one is tested in storage-file). */
function countingLockfile(): LockfileApi & { taken: number } {
  const api = {
    taken: 0,
    lock: async () => {
      api.taken++;
      return async () => {};
    },
  };
  return api;
}

const tmp = useTempDir('oauth2-locked-file-');

describe('LockedCredentialFile', () => {
  it('refuses a symlink before any lock is taken', async () => {
    const lockfile = countingLockfile();
    await writeFile(join(tmp.dir, 'target'), '{}');
    await symlink(join(tmp.dir, 'target'), join(tmp.dir, 'creds.json'));
    const file = new LockedCredentialFile(join(tmp.dir, 'creds.json'), { lockfile });
    await expect(file.lock()).rejects.toBeInstanceOf(CredentialsFileSymbolicLinkError);
    expect(lockfile.taken).toBe(0);
  });

  it('creates the directories, writes 0600 under the lock and reads it back', async () => {
    const path = join(tmp.dir, 'a', 'b', 'creds.json');
    const file = new LockedCredentialFile(path, { lockfile: countingLockfile() });
    expect(await file.read().catch(() => 'unread')).toBeUndefined();
    const held = await file.lock();
    await file.write('{"x":1}', held);
    await held.release();
    expect((await file.read())?.toString()).toBe('{"x":1}');
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('a lost lock stops the write before the rename: the file is unchanged', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFile(path, 'old', { mode: 0o600 });
    const file = new LockedCredentialFile(path, { lockfile: countingLockfile() });
    const lost = {
      compromised: new LockCompromisedError('lost', { location: path }),
      assertHeld(): void {
        throw lost.compromised;
      },
      afterRelease(): void {},
      release: async () => {},
    };
    await expect(file.write('new', lost)).rejects.toBeInstanceOf(LockCompromisedError);
    expect(await readFile(path, 'utf8')).toBe('old');
  });

  it('keeps a corrupt copy named by the injected clock', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFile(path, 'garbage', { mode: 0o600 });
    const now = Date.UTC(2024, 4, 1, 12, 0, 0, 123);
    const clock = { now: () => now, sleep: async () => {} };
    const file = new LockedCredentialFile(path, { lockfile: countingLockfile(), clock });
    await file.keepCorruptCopy();
    expect(await readdir(tmp.dir)).toContain('creds.json.corrupt-20240501T120000123Z');
  });
});
