import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AccessTokenCredentials,
  Credentials,
  CredentialsCorruptError,
  OAuth2Credentials,
} from '@oauth2/core';
import {
  type CredentialFs,
  IsADirectoryError,
  nodeCredentialFs,
  StorageWriteError,
} from '@oauth2/core/fs';
import { assertNoCanary, canary, fixturePath, fixtureText, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { FileStorage, Storage } from '../src/index.js';
import { makeCredentials } from './helpers.js';

const tmp = useTempDir('oauth2-file-');

const posix = process.platform !== 'win32';
const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

describe('FileStorage basics (spec §6, behaviour 29)', () => {
  it('is exported as Storage too, for oauth2client users', () => {
    expect(Storage).toBe(FileStorage);
  });

  it('reads a missing file as undefined and creates nothing', async () => {
    const storage = new FileStorage(join(tmp.dir, 'creds.json'));
    expect(await storage.get()).toBeUndefined();
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('writes exactly toJson() with mode 0600 and reads it back attached to the storage', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storage = new FileStorage(path);
    const credentials = makeCredentials();
    await storage.put(credentials);
    expect(await readFile(path, 'utf8')).toBe(credentials.toJson());
    if (posix) expect(await modeOf(path)).toBe(0o600);
    const back = await storage.get();
    expect(back).toBeInstanceOf(OAuth2Credentials);
    expect(back?.toJson()).toBe(credentials.toJson());
    expect(back?.store).toBe(storage);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });

  it('deletes the file; deleting nothing is fine', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storage = new FileStorage(path);
    await storage.put(makeCredentials());
    await storage.delete();
    expect(await readdir(tmp.dir)).toEqual([]);
    expect(await storage.get()).toBeUndefined();
    await storage.delete();
  });

  it('reads an empty file as undefined (what a crash of oauth2client between create and write leaves)', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFile(path, '');
    expect(await new FileStorage(path).get()).toBeUndefined();
  });

  it('loads the file written by oauth2client 1.5.2 file.Storage (fixture)', async () => {
    const storage = new FileStorage(fixturePath('v1.5.2-file-storage.dat'));
    const credentials = await storage.lockedGet();
    expect(credentials).toBeInstanceOf(Credentials);
    expect(JSON.parse(credentials?.toJson() ?? '')).toMatchObject(
      JSON.parse(fixtureText('v1.5.2-file-storage.dat')),
    );
  });

  it('creates missing parent directories with mode 0700', async () => {
    const path = join(tmp.dir, 'a', 'b', 'creds.json');
    await new FileStorage(path).put(makeCredentials());
    if (posix) {
      expect(await modeOf(join(tmp.dir, 'a'))).toBe(0o700);
      expect(await modeOf(join(tmp.dir, 'a', 'b'))).toBe(0o700);
    }
  });

  it('a parent that cannot be created: StorageWriteError naming the directory, nothing written', async () => {
    const denied: CredentialFs = {
      ...nodeCredentialFs,
      mkdir: async () => {
        throw Object.assign(new Error('denied'), { code: 'EACCES' });
      },
    };
    const err = await new FileStorage(join(tmp.dir, 'a', 'creds.json'), { fs: denied })
      .put(makeCredentials())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageWriteError);
    expect(err).toMatchObject({ systemCode: 'EACCES', location: join(tmp.dir, 'a') });
    expect((err as Error).message).toMatch(
      /Cannot create the directory .*: EACCES\. Check the permissions/,
    );
    assertNoCanary(err);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('stores AccessTokenCredentials as oauth2client does', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storage = new FileStorage(path);
    await storage.put(new AccessTokenCredentials({ accessToken: canary(), userAgent: 'ua/1' }));
    expect(JSON.parse(await readFile(path, 'utf8'))._class).toBe('AccessTokenCredentials');
    expect(await storage.get()).toBeInstanceOf(AccessTokenCredentials);
  });
});

describe('modes (F3)', () => {
  it.runIf(posix)(
    'new files are 0600 under umask 0 and 022; a 0644 file becomes 0600',
    async () => {
      for (const mask of [0o000, 0o022]) {
        const old = process.umask(mask);
        try {
          const path = join(tmp.dir, `u${mask}`, 'creds.json');
          await new FileStorage(path).put(makeCredentials());
          expect(await modeOf(path)).toBe(0o600);
          expect(await modeOf(join(tmp.dir, `u${mask}`))).toBe(0o700);
        } finally {
          process.umask(old);
        }
      }
      const path = join(tmp.dir, 'loose.json');
      await writeFile(path, makeCredentials().toJson());
      await chmod(path, 0o644);
      await new FileStorage(path).put(makeCredentials());
      expect(await modeOf(path)).toBe(0o600);
    },
  );

  it('a directory at the path: IsADirectoryError{is_a_directory} for get, put and delete', async () => {
    const path = join(tmp.dir, 'creds.json');
    await mkdir(path);
    const storage = new FileStorage(path);
    for (const op of [
      () => storage.get(),
      () => storage.put(makeCredentials()),
      () => storage.delete(),
    ]) {
      const err = await op().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IsADirectoryError);
      expect(err).toMatchObject({ code: 'is_a_directory' });
    }
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });
});

describe('corrupt content (F6)', () => {
  const secret = canary();
  const cases: Record<string, () => Buffer> = {
    truncated: () => Buffer.from(makeCredentials({ accessToken: secret }).toJson().slice(0, 60)),
    binary: () => Buffer.from([0xff, 0xfe, 0x00, 0x81, ...Buffer.from(secret)]),
    'empty object': () => Buffer.from('{}'),
    'unknown _class': () =>
      Buffer.from(
        JSON.stringify({ _module: 'oauth2client.client', _class: 'Nope', access_token: secret }),
      ),
    'secret in _module/_class': () =>
      Buffer.from(JSON.stringify({ _module: `m.${secret}`, _class: secret, access_token: secret })),
    'not an object': () => Buffer.from(JSON.stringify([secret])),
    'pickled (oauth2client < 1.0)': () =>
      Buffer.from(`ccopy_reg\n_reconstructor\np0\n(S'${secret}'\n`),
    '10 MB': () => Buffer.from(`{"access_token": "${secret}${'x'.repeat(10 * 1024 * 1024)}"}`),
  };

  for (const [name, bytes] of Object.entries(cases)) {
    it(`${name}: get throws CredentialsCorruptError{location}; put keeps a 0600 .corrupt copy`, async () => {
      const path = join(tmp.dir, 'creds.json');
      const original = bytes();
      await writeFile(path, original, { mode: 0o644 });
      const storage = new FileStorage(path, {
        clock: { now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 6), sleep: async () => {} },
      });
      const err = await storage.get().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CredentialsCorruptError);
      expect(err).toMatchObject({ code: 'credentials_corrupt', location: path });
      expect((err as Error).message).toContain(path);
      expect(String((err as Error).cause ?? '')).not.toMatch(/SyntaxError/);
      assertNoCanary(err, `the ${name} error`);
      expect((await readFile(path)).equals(original)).toBe(true);

      const fresh = makeCredentials();
      await storage.put(fresh);
      expect(await readFile(path, 'utf8')).toBe(fresh.toJson());
      const copy = `${path}.corrupt-20240102T030405006Z`;
      expect((await readdir(tmp.dir)).sort()).toEqual([
        'creds.json',
        'creds.json.corrupt-20240102T030405006Z',
      ]);
      expect((await readFile(copy)).equals(original)).toBe(true);
      if (posix) expect(await modeOf(copy)).toBe(0o600);
      expect((await storage.get())?.toJson()).toBe(fresh.toJson());
    });
  }

  it('a put over a valid credential keeps no copy', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storage = new FileStorage(path);
    await storage.put(makeCredentials());
    await storage.put(makeCredentials());
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });
});

describe('secrets never leak (Z1)', () => {
  it('inspect and JSON.stringify of the storage and what it returns show no secret', async () => {
    const path = join(tmp.dir, 'creds.json');
    const storage = new FileStorage(path);
    await storage.put(makeCredentials());
    const back = await storage.get();
    assertNoCanary(storage, 'the storage');
    assertNoCanary(back, 'the loaded credentials');
  });
});
