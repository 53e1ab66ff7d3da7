import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assertNoCanary, canary } from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  IsADirectoryError,
} from '../errors.js';
import { checkCredentialPath, readCredentialFile } from './safe-read.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth2-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const posix = process.platform !== 'win32';

describe('readCredentialFile', () => {
  it('reads a regular file and resolves undefined for a missing one', async () => {
    const path = join(dir, 'creds.json');
    expect(await readCredentialFile(path)).toBeUndefined();
    await writeFile(path, 'hello');
    expect((await readCredentialFile(path))?.toString()).toBe('hello');
    expect(await checkCredentialPath(path)).toBe('file');
    expect(await checkCredentialPath(join(dir, 'nope'))).toBe('missing');
  });

  it.runIf(posix)('refuses valid, dangling and /dev/null symlinks (F1)', async () => {
    await writeFile(join(dir, 'target'), 'secret');
    const links = {
      valid: join(dir, 'target'),
      dangling: join(dir, 'nowhere'),
      devnull: '/dev/null',
    };
    for (const [name, to] of Object.entries(links)) {
      const link = join(dir, name);
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
    await mkdir(join(dir, 'sub'));
    await expect(readCredentialFile(join(dir, 'sub'))).rejects.toBeInstanceOf(IsADirectoryError);
    await expect(checkCredentialPath(join(dir, 'sub'))).rejects.toMatchObject({
      code: 'is_a_directory',
    });
  });

  it.runIf(process.platform === 'linux')('refuses a FIFO without blocking on it', async () => {
    const fifo = join(dir, 'fifo');
    await promisify(execFile)('mkfifo', [fifo]);
    await expect(readCredentialFile(fifo)).rejects.toThrow(/not a regular file/);
  });

  it('refuses a file above maxBytes as corrupt, without its bytes in the error (F6)', async () => {
    const secret = canary();
    const path = join(dir, 'big');
    await writeFile(path, secret.repeat(100));
    const err = await readCredentialFile(path, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsCorruptError);
    expect(err).toMatchObject({ location: path });
    assertNoCanary(err, 'the size error');
  });
});
