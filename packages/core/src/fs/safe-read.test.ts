import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assertNoCanary, canary, posix, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  IsADirectoryError,
} from '../errors.js';
import { type CredentialFileHandle, type CredentialFs, nodeCredentialFs } from './file-system.js';
import { checkCredentialPath, readCredentialFile } from './safe-read.js';

const tmp = useTempDir('oauth2-read-');

describe('readCredentialFile', () => {
  it('reads a regular file and resolves undefined for a missing one', async () => {
    const path = join(tmp.dir, 'creds.json');
    expect(await readCredentialFile(path)).toBeUndefined();
    await writeFile(path, 'hello');
    expect((await readCredentialFile(path))?.toString()).toBe('hello');
    expect(await checkCredentialPath(path)).toBe('file');
    expect(await checkCredentialPath(join(tmp.dir, 'nope'))).toBe('missing');
  });

  it('reads on through short reads (a network file system) and stops at the size fstat gave', async () => {
    const path = join(tmp.dir, 'creds.json');
    const text = 'x'.repeat(10_000);
    await writeFile(path, text);
    let reads = 0;
    const dribbling: CredentialFs = {
      ...nodeCredentialFs,
      async open(p, flags, mode) {
        const h = await nodeCredentialFs.open(p, flags, mode);
        return {
          ...h,
          stat: () => h.stat(),
          close: () => h.close(),
          read: (b, o, l, at) => {
            reads++;
            return h.read(b, o, Math.min(l, 3000), at);
          },
        } as CredentialFileHandle;
      },
    };
    expect((await readCredentialFile(path, { fs: dribbling }))?.toString()).toBe(text);
    expect(reads).toBe(4); // 3000 + 3000 + 3000 + 1000, the last one short at fstat's size
  });

  it.runIf(posix)('refuses valid, dangling and /dev/null symlinks (F1)', async () => {
    await writeFile(join(tmp.dir, 'target'), 'secret');
    const links = {
      valid: join(tmp.dir, 'target'),
      dangling: join(tmp.dir, 'nowhere'),
      devnull: '/dev/null',
    };
    for (const [name, to] of Object.entries(links)) {
      const link = join(tmp.dir, name);
      await symlink(to, link);
      const err = await readCredentialFile(link).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CredentialsFileSymbolicLinkError);
      expect((err as Error).message).toBe(
        `File: ${link} is a symbolic link. Credentials are never read or written through a link: point the storage at the real file.`,
      );
      await expect(checkCredentialPath(link)).rejects.toBeInstanceOf(
        CredentialsFileSymbolicLinkError,
      );
    }
  });

  it('refuses a directory with IsADirectoryError (F3)', async () => {
    await mkdir(join(tmp.dir, 'sub'));
    await expect(readCredentialFile(join(tmp.dir, 'sub'))).rejects.toBeInstanceOf(
      IsADirectoryError,
    );
    await expect(checkCredentialPath(join(tmp.dir, 'sub'))).rejects.toMatchObject({
      code: 'is_a_directory',
    });
  });

  it.runIf(process.platform === 'linux')('refuses a FIFO without blocking on it', async () => {
    const fifo = join(tmp.dir, 'fifo');
    await promisify(execFile)('mkfifo', [fifo]);
    await expect(readCredentialFile(fifo)).rejects.toThrow(/not a regular file/);
  });

  it('refuses a file above maxBytes as corrupt, without its bytes in the error (F6)', async () => {
    const secret = canary();
    const path = join(tmp.dir, 'big');
    await writeFile(path, secret.repeat(100));
    const err = await readCredentialFile(path, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsCorruptError);
    expect(err).toMatchObject({ location: path });
    assertNoCanary(err, 'the size error');
  });
});
