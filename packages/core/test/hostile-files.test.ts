// Issue 9, "What the library accepts": nesting depth, the one reader, ssh's ownership rule and
// long names (IDs H3-H6, adversarial.md style). Real files, FIFOs, devices and a real chown.
import { execFileSync } from 'node:child_process';
import { chmod, chown, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRoot, posix, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  type CredentialFs,
  keepCorruptCopy,
  nodeCredentialFs,
  readCredentialFile,
  writeFileAtomic,
} from '../src/fs/index.js';
import {
  ConfigurationError,
  CredentialsCorruptError,
  InsecureCredentialFileError,
  InvalidClientSecretsError,
  loadClientSecrets,
  MemoryStorage,
  OAuth2Credentials,
  VerifyJwtTokenError,
} from '../src/index.js';
import { LoopbackServer, makeCredentials, tokenBody } from './helpers.js';

const tmp = useTempDir('oauth2-hostile-');

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function clientSecrets(extra = ''): string {
  return `{"installed": {"client_id": "id", "client_secret": "s", "redirect_uris": [],
    "auth_uri": "https://a.example/auth", "token_uri": "https://a.example/token"${extra}}}`;
}

describe('H3: nesting depth is bounded everywhere JSON comes from a file or a server', () => {
  it('H3a a credential JSON nested 100 deep is CredentialsCorruptError', () => {
    const json = `{"_module": "oauth2client.client", "_class": "OAuth2Credentials", "access_token": "a", "token_response": ${nested(100)}, "invalid": false}`;
    expect(() => OAuth2Credentials.fromJson(json)).toThrow(CredentialsCorruptError);
  });

  it('H3b a client secrets file nested 100 deep is InvalidClientSecretsError', async () => {
    const path = join(tmp.dir, 'client_secrets.json');
    await writeFile(path, clientSecrets(`, "deep": ${nested(100)}`));
    await expect(loadClientSecrets(path)).rejects.toThrow(InvalidClientSecretsError);
  });

  it('H3c an ID token nested 100 deep arriving with a refresh leaves memory and the store as they were', async () => {
    const server = await LoopbackServer.start();
    try {
      const payload = Buffer.from(`{"sub":"1","x":${nested(100)}}`).toString('base64url');
      server.route('POST', '/token', { body: tokenBody({ id_token: `e30.${payload}.sig` }) });
      const storage = new MemoryStorage();
      await storage.put(makeCredentials(server));
      const before = storage.backend.value;
      // Loaded from the store, so attached to it: a refresh would write back.
      const credentials = (await storage.get()) as OAuth2Credentials;
      const token = credentials.accessToken;
      await expect(credentials.refresh()).rejects.toThrow(VerifyJwtTokenError);
      expect(server.count('/token')).toBe(1); // the token did arrive
      expect(credentials.accessToken).toBe(token);
      expect(storage.backend.value).toBe(before);
    } finally {
      await server.close();
    }
  });
});

describe('H4: one reader for every file read on a user’s behalf', () => {
  it.runIf(posix)('H4a a FIFO as client_secrets.json fails fast with a typed error', async () => {
    const fifo = join(tmp.dir, 'client_secrets.json');
    execFileSync('mkfifo', [fifo]);
    const err = await loadClientSecrets(fifo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidClientSecretsError);
    expect((err as Error).message).toContain('not a regular file');
  });

  it.runIf(posix)('H4b a device (/dev/zero) is refused, not read forever', async () => {
    await expect(readCredentialFile('/dev/zero', { followSymlinks: true })).rejects.toMatchObject({
      code: 'credentials_file_symlink',
    });
    await expect(loadClientSecrets('/dev/zero')).rejects.toThrow(InvalidClientSecretsError);
  });

  it('H4c a client secrets file over 1 MiB is refused', async () => {
    const path = join(tmp.dir, 'big.json');
    await writeFile(path, clientSecrets(`, "pad": "${'x'.repeat(1024 * 1024)}"`));
    const err = await loadClientSecrets(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidClientSecretsError);
    expect((err as Error).message).toContain('larger than');
  });

  it('H4d a symlinked client secrets file is still read (people link their config)', async () => {
    const real = join(tmp.dir, 'real.json');
    await writeFile(real, clientSecrets());
    execFileSync('ln', ['-s', real, join(tmp.dir, 'link.json')]);
    expect((await loadClientSecrets(join(tmp.dir, 'link.json'))).type).toBe('installed');
  });

  it('H4e the corrupt copy of a 10 MiB store streams in 64 KiB reads, byte-identical', async () => {
    const path = join(tmp.dir, 'store.json');
    const content = Buffer.alloc(10 * 1024 * 1024, 0x41);
    await writeFile(path, content, { mode: 0o600 });
    let largestRead = 0;
    const fs: CredentialFs = {
      ...nodeCredentialFs,
      open: async (p, flags, mode) => {
        const handle = await nodeCredentialFs.open(p, flags, mode);
        const read = handle.read.bind(handle);
        return Object.assign(handle, {
          read: (buffer: Uint8Array, offset: number, length: number, position: number | null) => {
            largestRead = Math.max(largestRead, length);
            return read(buffer, offset, length, position);
          },
        });
      },
    };
    const copy = await keepCorruptCopy(path, { fs, now: 0 });
    expect(copy).toBeDefined();
    expect(largestRead).toBeGreaterThan(0);
    expect(largestRead).toBeLessThanOrEqual(64 * 1024);
    expect((await readFile(copy as string)).equals(content)).toBe(true);
  });
});

describe.runIf(posix)('H5: ssh’s rule for credential files and stores', () => {
  it.runIf(isRoot)(
    'H5a a file owned by another user is refused, saying how to fix it',
    async () => {
      const path = join(tmp.dir, 'creds.json');
      await writeFile(path, '{}', { mode: 0o600 });
      await chown(path, 12345, 12345);
      const err = await readCredentialFile(path, { requirePrivate: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InsecureCredentialFileError);
      expect(err).toMatchObject({ code: 'insecure_credential_file', location: path });
      expect((err as Error).message).toContain('chown');
    },
  );

  it.each([0o660, 0o606, 0o666])(
    'H5b mode %o (writable by group or others) is refused',
    async (mode) => {
      const path = join(tmp.dir, 'creds.json');
      await writeFile(path, '{}');
      await chmod(path, mode);
      const err = await readCredentialFile(path, { requirePrivate: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InsecureCredentialFileError);
      expect((err as Error).message).toContain('chmod 600');
    },
  );

  it('H5c a file readable by others is tightened to 0600 at the locked read', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFile(path, '{"a":1}');
    await chmod(path, 0o644);
    const bytes = await readCredentialFile(path, { requirePrivate: true, tighten: true });
    expect(bytes?.toString()).toBe('{"a":1}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('H6: long names that fit the file system still work', () => {
  it('H6a an atomic write to a 250-byte name succeeds and leaves no temp file', async () => {
    const path = join(tmp.dir, `${'c'.repeat(245)}.json`);
    await writeFileAtomic(path, 'data');
    expect(await readFile(path, 'utf8')).toBe('data');
    expect(await readdir(tmp.dir)).toEqual([`${'c'.repeat(245)}.json`]);
  });

  it('H6b a multi-byte 255-byte name works too, and its corrupt copy fits', async () => {
    const name = `${'é'.repeat(126)}abc`; // 255 bytes in UTF-8
    const path = join(tmp.dir, name);
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    const copy = await keepCorruptCopy(path, { now: 0 });
    expect(await readFile(copy as string, 'utf8')).toBe('two');
    expect((await readdir(tmp.dir)).sort()).toHaveLength(2);
  });
});

it('H2f is not a file concern: a ConfigurationError is still an OAuth2 error users can switch on', () => {
  expect(new ConfigurationError('x', { field: 'f' }).code).toBe('invalid_configuration');
});
