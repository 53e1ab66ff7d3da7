import { mkdir, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CredentialsFileSymbolicLinkError,
  LockTimeoutError,
  type OAuth2Credentials,
} from '@oauth2/core';
import {
  type CredentialFs,
  LockCompromisedError,
  nodeCredentialFs,
  StorageWriteError,
} from '@oauth2/core/fs';
import { assertNoCanary, useTempDir } from '@oauth2/test-kit';
import { wrapHandle } from '@oauth2/test-kit/fs-faults';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '../src/index.js';
import { makeCredentials } from './helpers.js';

const tmp = useTempDir('oauth2-file-');
const posix = process.platform !== 'win32';

describe('symlinks are refused before any lock is taken (F1)', () => {
  it.runIf(posix)(
    'valid, dangling and /dev/null links: get and put throw, targets untouched',
    async () => {
      const target = join(tmp.dir, 'target.json');
      const original = makeCredentials().toJson();
      await writeFile(target, original);
      const links = {
        valid: target,
        dangling: join(tmp.dir, 'nowhere.json'),
        devnull: '/dev/null',
      };
      for (const [name, to] of Object.entries(links)) {
        const link = join(tmp.dir, `${name}.json`);
        await symlink(to, link);
        const storage = new FileStorage(link);
        for (const op of [
          () => storage.get(),
          () => storage.put(makeCredentials()),
          () => storage.delete(),
        ]) {
          const err = await op().catch((e: unknown) => e);
          expect(err).toBeInstanceOf(CredentialsFileSymbolicLinkError);
          assertNoCanary(err);
        }
      }
      expect(await readFile(target, 'utf8')).toBe(original);
      // No lock directory was ever created, and no temporary file either.
      expect((await readdir(tmp.dir)).sort()).toEqual([
        'dangling.json',
        'devnull.json',
        'target.json',
        'valid.json',
      ]);
    },
  );

  it.runIf(posix)('a symlinked .lock is refused and its target left alone', async () => {
    const path = join(tmp.dir, 'creds.json');
    await mkdir(join(tmp.dir, 'elsewhere'));
    await symlink(join(tmp.dir, 'elsewhere'), `${path}.lock`);
    const storage = new FileStorage(path);
    await expect(storage.put(makeCredentials())).rejects.toBeInstanceOf(
      CredentialsFileSymbolicLinkError,
    );
    await expect(storage.get()).rejects.toBeInstanceOf(CredentialsFileSymbolicLinkError);
    expect(await readdir(join(tmp.dir, 'elsewhere'))).toEqual([]);
    expect((await readdir(tmp.dir)).sort()).toEqual(['creds.json.lock', 'elsewhere']);
  });
});

describe('lock waits, staleness and compromise (M5, M4)', () => {
  it('times out with LockTimeoutError at the configured wait while another holder keeps the lock', async () => {
    const path = join(tmp.dir, 'creds.json');
    const holder = new FileStorage(path);
    await holder.acquireLock();
    try {
      const waiter = new FileStorage(path, { lockWaitMs: 600 });
      const started = Date.now();
      const err = await waiter.put(makeCredentials()).catch((e: unknown) => e);
      const waited = Date.now() - started;
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect(err).toMatchObject({ code: 'lock_timeout', location: path });
      expect((err as LockTimeoutError).waitedMs).toBeGreaterThanOrEqual(600);
      expect(waited).toBeGreaterThanOrEqual(600);
      expect(waited).toBeLessThan(1200);
      expect(await readdir(tmp.dir)).toEqual(['creds.json.lock']);
    } finally {
      await holder.releaseLock();
    }
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('a lock timeout during a refresh leaves the in-memory credential usable and writes nothing', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storage = new FileStorage(path, { lockWaitMs: 300 });
    await storage.put(makeCredentials());
    const credentials = (await storage.get()) as OAuth2Credentials;
    const holder = new FileStorage(path);
    await holder.acquireLock();
    try {
      const before = await readFile(path, 'utf8');
      // The token is valid: no refresh needed, no lock needed.
      const { accessToken } = await credentials.getAccessToken();
      expect(accessToken).toBe(credentials.accessToken);
      // A forced refresh needs the lock and gives up without touching the file or the token.
      await expect(credentials.refresh()).rejects.toBeInstanceOf(LockTimeoutError);
      expect(credentials.accessToken).toBe(accessToken);
      expect(await readFile(path, 'utf8')).toBe(before);
    } finally {
      await holder.releaseLock();
    }
  });

  it('takes over a stale lock left by a dead process at once', async () => {
    const path = join(tmp.dir, 'creds.json');
    await mkdir(`${path}.lock`);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, old, old);
    const started = Date.now();
    await new FileStorage(path, { staleMs: 2000 }).put(makeCredentials());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });

  it('a lock directory replaced mid-operation: LockCompromisedError, no rename, process alive', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storage = new FileStorage(path, { staleMs: 2000 });
    const before = makeCredentials();
    await storage.put(before);
    await storage.acquireLock();
    // Someone removes our lock and re-creates it (a "recovery" gone wrong). An mtime a minute
    // off: a directory re-created within the same millisecond would look like ours.
    await rm(`${path}.lock`, { recursive: true });
    await mkdir(`${path}.lock`);
    const theirs = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, theirs, theirs);
    // proper-lockfile checks its lock every staleMs / 2 = 1 s; 1 s more of slack for a loaded
    // machine (its check is a timer plus an fs.stat).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const err = await storage.lockedPut(makeCredentials()).catch((e: unknown) => e);
    await storage.releaseLock();
    expect(err).toBeInstanceOf(LockCompromisedError);
    expect(err).toMatchObject({ code: 'lock_compromised', location: path });
    expect(await readFile(path, 'utf8')).toBe(before.toJson());
    expect((await readdir(tmp.dir)).sort()).toEqual(['creds.json', 'creds.json.lock']);
  });

  it('serializes concurrent puts of many instances in one process', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storages = [new FileStorage(path), new FileStorage(path), new FileStorage(path)];
    const written = Array.from({ length: 30 }, () => makeCredentials());
    await Promise.all(written.map((c, i) => storages[i % 3]?.put(c)));
    const final = await readFile(path, 'utf8');
    expect(written.map((c) => c.toJson())).toContain(final);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });
});

describe('a full disk (F5, injected fs; the real tmpfs case is in core)', () => {
  it('StorageWriteError{ENOSPC}, original bytes kept, no temp file, lock released at once', async () => {
    const path = join(tmp.dir, 'creds.json');
    const before = makeCredentials();
    await new FileStorage(path).put(before);
    let full = true;
    const fs: CredentialFs = {
      ...nodeCredentialFs,
      async open(p, flags, mode) {
        const handle = await nodeCredentialFs.open(p, flags, mode);
        return wrapHandle(handle, {
          async writeFile(data) {
            await handle.writeFile(
              typeof data === 'string' ? data.slice(0, 10) : data.subarray(0, 10),
            );
            if (full) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
          },
        });
      },
    };
    const storage = new FileStorage(path, { fs });
    const err = await storage.put(makeCredentials()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageWriteError);
    expect(err).toMatchObject({ systemCode: 'ENOSPC', location: path });
    assertNoCanary(err);
    expect(await readFile(path, 'utf8')).toBe(before.toJson());
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
    full = false;
    const started = Date.now();
    await new FileStorage(path, { lockWaitMs: 1000 }).put(makeCredentials());
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
