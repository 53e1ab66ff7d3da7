import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  NewerCredentialStoreError,
  OAuth2Credentials,
} from '@oauth2/core';
import { assertNoCanary, canary, fixtureText, rejectionOf, useTempDir } from '@oauth2/test-kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { Multistore, MultistoreEntryCorruptError, MultistoreKeyError } from '../src/index.js';
import { makeCredentials } from './helpers.js';

const tmp = useTempDir('oauth2-multi-');
let path: string;
beforeEach(() => {
  path = join(tmp.dir, 'store.json');
});
const now = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
const clock = { now: () => now, sleep: async () => {} };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('corrupt files fail closed (M6, spec §8.4)', () => {
  const secret = canary();
  const bad: Record<string, string> = {
    'invalid JSON': `{"data": [{"credential": {"access_token": "${secret}"`,
    'not an object': JSON.stringify([secret]),
    'file_version 0': JSON.stringify({ file_version: 0, data: [] }),
    'file_version "1"': JSON.stringify({ file_version: '1', data: [] }),
    'no file_version and no data': JSON.stringify({ installed: { client_secret: secret } }),
    'data not a list': JSON.stringify({ file_version: 1, data: { x: secret } }),
    'v2 credentials not an object': JSON.stringify({ file_version: 2, credentials: [secret] }),
  };

  for (const [name, content] of Object.entries(bad)) {
    it(`${name}: get, put, delete and keys throw CredentialsCorruptError; the file is untouched`, async () => {
      await writeFile(path, content);
      const store = new Multistore(path);
      const storage = store.storage({ key: 'k' });
      for (const op of [
        () => storage.get(),
        () => storage.put(makeCredentials()),
        () => storage.delete(),
        () => store.keys(),
      ]) {
        const err = await op().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CredentialsCorruptError);
        expect(err).toMatchObject({ location: path });
        expect((err as Error).message).toMatch(/repair: true/);
        assertNoCanary(err, name);
      }
      expect(await readFile(path, 'utf8')).toBe(content);
      expect(await readdir(tmp.dir)).toEqual(['store.json']);
    });
  }

  it('{ repair: true } reads a corrupt file as empty and keeps it as .corrupt-<ts> (0600) at the next put', async () => {
    const content = '{"data": [';
    await writeFile(path, content, { mode: 0o644 });
    const store = new Multistore(path, { repair: true, clock });
    expect(await store.storage({ key: 'k' }).get()).toBeUndefined();
    expect(await readdir(tmp.dir)).toEqual(['store.json']);
    await store.storage({ key: 'k' }).put(makeCredentials());
    const copy = 'store.json.corrupt-20240102T030405006Z';
    expect((await readdir(tmp.dir)).sort()).toEqual(['store.json', copy]);
    expect(await readFile(join(tmp.dir, copy), 'utf8')).toBe(content);
    expect(await store.keys()).toEqual([{ key: 'k' }]);
  });

  it('file_version above 2 is NewerCredentialStoreError, even with repair', async () => {
    const content = JSON.stringify({ file_version: 3, data: [] });
    await writeFile(path, content);
    for (const repair of [false, true]) {
      const storage = new Multistore(path, { repair }).storage({ key: 'k' });
      const err = await storage.put(makeCredentials()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NewerCredentialStoreError);
      expect((err as Error).message).toMatch(/^Credential file has file_version of 3\./);
    }
    expect(await readFile(path, 'utf8')).toBe(content);
  });

  it('an empty file is an empty store (oauth2client creates one before writing)', async () => {
    await writeFile(path, '');
    const store = new Multistore(path);
    expect(await store.keys()).toEqual([]);
    await store.storage({ key: 'k' }).put(makeCredentials());
    expect(await store.keys()).toEqual([{ key: 'k' }]);
  });

  it('a file without file_version but with data is read as version 1 (1.5.2 did so)', async () => {
    const fixture = JSON.parse(fixtureText('v1.5.2-multistore.json')) as { data: unknown };
    await writeFile(path, JSON.stringify({ data: fixture.data }));
    const store = new Multistore(path);
    expect(await store.keys()).toHaveLength(2);
    await store.storage({ key: 'mykey' }).put(makeCredentials());
    expect(JSON.parse(await readFile(path, 'utf8')).file_version).toBe(1);
  });
});

describe('one bad entry does not hide the others (M6)', () => {
  /** `good` loads back from the file; what reading `bad` throws (a MultistoreEntryCorruptError). */
  async function goodLoadsBadThrows(good: OAuth2Credentials) {
    const store = new Multistore(path);
    expect((await store.storage({ key: 'good' }).get())?.toJson()).toBe(good.toJson());
    const err = await rejectionOf(store.storage({ key: 'bad' }).get(), MultistoreEntryCorruptError);
    return { store, err };
  }

  it('v1: an undecodable credential throws MultistoreEntryCorruptError{key}; others load; put replaces it', async () => {
    const secret = canary();
    const good = makeCredentials();
    await new Multistore(path).storage({ key: 'good' }).put(good);
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.data.push({
      key: { key: 'bad' },
      credential: { _module: 'nope', _class: 'Nope', token: secret },
    });
    file.data.push({ key: 'not-an-object', credential: { access_token: secret } });
    await writeFile(path, JSON.stringify(file));
    const { store, err } = await goodLoadsBadThrows(good);
    expect(err).toBeInstanceOf(CredentialsCorruptError);
    expect(err).toMatchObject({ key: { key: 'bad' }, location: path });
    assertNoCanary(err);
    expect(await store.keys()).toEqual([{ key: 'good' }, { key: 'bad' }]);
    // Writing another key keeps both odd entries exactly; writing the bad key replaces it.
    await store.storage({ key: 'other' }).put(makeCredentials());
    expect(JSON.parse(await readFile(path, 'utf8')).data.slice(1, 3)).toEqual(
      file.data.slice(1, 3),
    );
    await store.storage({ key: 'bad' }).put(makeCredentials());
    expect(await store.storage({ key: 'bad' }).get()).toBeInstanceOf(OAuth2Credentials);
  });

  it('v2: bad base64 throws for that key only', async () => {
    const good = makeCredentials();
    const secret = canary();
    await writeFile(
      path,
      JSON.stringify({
        file_version: 2,
        credentials: { good: b64(good.toJson()), bad: `${secret}!!` },
      }),
    );
    const { err } = await goodLoadsBadThrows(good);
    expect(err.message).toMatch(/not base64/);
    assertNoCanary(err);
  });
});

describe('the 4.x multiprocess_file_storage format (file_version 2)', () => {
  it('is read, and written back as version 2 in Python json.dump layout', async () => {
    const a = makeCredentials();
    await writeFile(
      path,
      JSON.stringify({ file_version: 2, credentials: { '10': b64(a.toJson()) } }),
    );
    const store = new Multistore(path);
    expect((await store.storage({ key: '10' }).get())?.toJson()).toBe(a.toJson());
    const b = makeCredentials();
    await store.storage({ key: '2' }).put(b);
    expect(await readFile(path, 'utf8')).toBe(
      `{"file_version": 2, "credentials": {"10": "${b64(a.toJson())}", "2": "${b64(b.toJson())}"}}`,
    );
  });

  it('refuses a non-string key rather than converting the file', async () => {
    await writeFile(path, '{"file_version": 2, "credentials": {}}');
    const storage = new Multistore(path).storage({ clientId: 'c', userAgent: null, scope: 's' });
    await expect(storage.put(makeCredentials())).rejects.toBeInstanceOf(MultistoreKeyError);
    expect(await readFile(path, 'utf8')).toBe('{"file_version": 2, "credentials": {}}');
  });
});

describe('symlinks and directories (F1, F3)', () => {
  it.runIf(process.platform !== 'win32')(
    'the file or its .lock as a symlink: refused before locking',
    async () => {
      const target = join(tmp.dir, 'target.json');
      await writeFile(target, fixtureText('v1.5.2-multistore.json'));
      await symlink(target, path);
      const storage = new Multistore(path).storage({ key: 'k' });
      await expect(storage.get()).rejects.toBeInstanceOf(CredentialsFileSymbolicLinkError);
      await expect(storage.put(makeCredentials())).rejects.toBeInstanceOf(
        CredentialsFileSymbolicLinkError,
      );
      expect((await readdir(tmp.dir)).sort()).toEqual(['store.json', 'target.json']);
      expect(await readFile(target, 'utf8')).toBe(fixtureText('v1.5.2-multistore.json'));

      const other = join(tmp.dir, 'other.json');
      await mkdir(join(tmp.dir, 'elsewhere'));
      await symlink(join(tmp.dir, 'elsewhere'), `${other}.oauth2.lock`);
      await expect(new Multistore(other).keys()).rejects.toBeInstanceOf(
        CredentialsFileSymbolicLinkError,
      );
      expect(await readdir(join(tmp.dir, 'elsewhere'))).toEqual([]);
    },
  );

  it('a directory at the path: IsADirectoryError', async () => {
    await mkdir(path);
    await expect(new Multistore(path).keys()).rejects.toMatchObject({ code: 'is_a_directory' });
  });
});
