import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AccessTokenCredentials, OAuth2Credentials } from '@oauth2/core';
import { type CredentialFs, nodeCredentialFs, StorageWriteError } from '@oauth2/core/fs';
import { assertNoCanary, fixturePath, fixtureText, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  getAllCredentialKeys,
  getCredentialStorage,
  getCredentialStorageCustomKey,
  getCredentialStorageCustomStringKey,
  Multistore,
  MultistoreKeyError,
} from '../src/index.js';
import { makeCredentials } from './helpers.js';

const tmp = useTempDir('oauth2-multi-');
const posix = process.platform !== 'win32';

const LEGACY = {
  clientId: 'some_client_id',
  userAgent: 'refresh_checker/1.0',
  scope: 'scope1 scope2',
};

async function fixtureCopy(): Promise<string> {
  const path = join(tmp.dir, 'store.json');
  await copyFile(fixturePath('v1.5.2-multistore.json'), path);
  return path;
}

describe('the 1.5.2 file format (spec §8.1, behaviour 30)', () => {
  it('loads the fixture: legacy key and string key', async () => {
    const path = await fixtureCopy();
    const legacy = await getCredentialStorage(path, 'some_client_id', 'refresh_checker/1.0', [
      'scope1',
      'scope2',
    ]).get();
    expect(legacy).toBeInstanceOf(OAuth2Credentials);
    expect((legacy as OAuth2Credentials).refreshToken).toBe('1/0/a.df219fjls0');
    const byString = await getCredentialStorageCustomStringKey(path, 'mykey').get();
    expect(byString).toBeInstanceOf(AccessTokenCredentials);
    expect(await getAllCredentialKeys(path)).toEqual([LEGACY, { key: 'mykey' }]);
  });

  it('rewrites the fixture byte for byte: untouched entries are kept exactly', async () => {
    const path = await fixtureCopy();
    const other = getCredentialStorageCustomStringKey(path, 'other');
    await other.put(makeCredentials());
    await other.delete();
    expect(await readFile(path, 'utf8')).toBe(fixtureText('v1.5.2-multistore.json'));
  });

  it('writes the same entries into a new file as Python did, plus the 4.x id_token_jwt key', async () => {
    // The two credentials the fixture was made from (tests/test_multistore_file.py at v1.5.2).
    const path = join(tmp.dir, 'new.json');
    const oauth2 = new OAuth2Credentials({
      accessToken: 'foo',
      clientId: 'some_client_id',
      clientSecret: 'cOuDdkfjxxnv+',
      refreshToken: '1/0/a.df219fjls0',
      tokenUri: 'https://accounts.google.com/o/oauth2/token',
      userAgent: 'refresh_checker/1.0',
    });
    const accessOnly = new AccessTokenCredentials({
      accessToken: 'foo',
      userAgent: 'refresh_checker/1.0',
      revokeUri: 'https://accounts.google.com/o/oauth2/revoke',
    });
    await getCredentialStorage(path, LEGACY.clientId, LEGACY.userAgent, ['scope1', 'scope2']).put(
      oauth2,
    );
    await getCredentialStorageCustomStringKey(path, 'mykey').put(accessOnly);
    const ours = await readFile(path, 'utf8');
    // The only difference: our credentials carry oauth2client 4.1.3's key set (decisions.md).
    expect(ours.match(/"id_token_jwt": null,/g)).toHaveLength(2);
    expect(ours.replace(/\n {8}"id_token_jwt": null,/g, '')).toBe(
      fixtureText('v1.5.2-multistore.json'),
    );
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('an emptied store is exactly the 1.5.2 empty store', async () => {
    const path = join(tmp.dir, 'store.json');
    const storage = getCredentialStorageCustomStringKey(path, 'k');
    await storage.put(makeCredentials());
    await storage.delete();
    expect(await readFile(path, 'utf8')).toBe(fixtureText('v1.5.2-multistore-empty.json'));
  });

  it('a parent that cannot be created: StorageWriteError naming the directory', async () => {
    const denied: CredentialFs = {
      ...nodeCredentialFs,
      mkdir: async () => {
        throw Object.assign(new Error('denied'), { code: 'EACCES' });
      },
    };
    const path = join(tmp.dir, 'a', 'store.json');
    const err = await new Multistore(path, { fs: denied })
      .storage({ key: 'k' })
      .put(makeCredentials())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageWriteError);
    expect(err).toMatchObject({ systemCode: 'EACCES', location: join(tmp.dir, 'a') });
    assertNoCanary(err);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('a missing file has no keys and nothing is created by reading', async () => {
    const path = join(tmp.dir, 'store.json');
    expect(await getAllCredentialKeys(path)).toEqual([]);
    expect(await getCredentialStorageCustomStringKey(path, 'k').get()).toBeUndefined();
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});

describe('keys (spec §8.2)', () => {
  it('a legacy key equals a custom key with the same content, in any property order', async () => {
    const path = join(tmp.dir, 'store.json');
    const credentials = makeCredentials();
    await getCredentialStorage(path, 'cid', 'ua/1', ['a', 'b']).put(credentials);
    const custom = getCredentialStorageCustomKey(path, {
      scope: 'a b',
      userAgent: 'ua/1',
      clientId: 'cid',
    });
    expect((await custom.get())?.toJson()).toBe(credentials.toJson());
    await getCredentialStorageCustomKey(path, {
      userAgent: 'ua/1',
      clientId: 'cid',
      scope: 'a b',
    }).put(makeCredentials());
    expect(await getAllCredentialKeys(path)).toEqual([
      { clientId: 'cid', userAgent: 'ua/1', scope: 'a b' },
    ]);
  });

  it('a string key is { key } and differs from a custom key with another property', async () => {
    const path = join(tmp.dir, 'store.json');
    await getCredentialStorageCustomStringKey(path, 'k').put(makeCredentials());
    expect(await getCredentialStorageCustomKey(path, { key: 'k' }).get()).toBeDefined();
    expect(await getCredentialStorageCustomKey(path, { key: 'k', x: '1' }).get()).toBeUndefined();
    const text = await readFile(path, 'utf8');
    expect(text).toContain('"key": {\n        "key": "k"\n      }');
  });

  it('keeps file order: a replaced entry stays in place, a new one goes last', async () => {
    const path = join(tmp.dir, 'store.json');
    const store = new Multistore(path);
    for (const k of ['b', 'a', 'c']) await store.storage({ key: k }).put(makeCredentials());
    await store.storage({ key: 'a' }).put(makeCredentials());
    expect(await store.keys()).toEqual([{ key: 'b' }, { key: 'a' }, { key: 'c' }]);
  });

  it('a credential read from the store shares nothing with the next read (entries are cached)', async () => {
    const store = new Multistore(join(tmp.dir, 'store.json'));
    const storage = store.storage({ key: 'k' });
    const put = makeCredentials();
    put.tokenResponse = { access_token: 'first', expires_in: 3600 };
    await storage.put(put);
    await store.storage({ key: 'other' }).put(makeCredentials());
    const first = await storage.get();
    if (!first?.tokenResponse) throw new Error('no token response read back');
    first.tokenResponse.access_token = 'changed in memory';
    expect((await storage.get())?.tokenResponse).toEqual({
      access_token: 'first',
      expires_in: 3600,
    });
  });

  it('refuses empty keys and non-primitive values with MultistoreKeyError', () => {
    const store = new Multistore(join(tmp.dir, 'store.json'));
    expect(() => store.storage({})).toThrow(MultistoreKeyError);
    expect(() => store.storage({ a: { b: 1 } } as never)).toThrow(MultistoreKeyError);
  });

  it('expands ~ like oauth2client did', () => {
    const store = new Multistore('~/x/store.json');
    expect(store.path).toBe(join(process.env.HOME ?? '', 'x', 'store.json'));
  });
});

describe('concurrent writers within and across storages (M2)', () => {
  it('a deleted key never comes back when another storage holding a stale copy writes', async () => {
    const path = join(tmp.dir, 'store.json');
    const a = new Multistore(path);
    const b = new Multistore(path);
    await a.storage({ key: 'K' }).put(makeCredentials());
    const staleCopy = await b.storage({ key: 'K' }).get();
    expect(staleCopy).toBeDefined();
    await a.storage({ key: 'K' }).delete();
    await b.storage({ key: 'J' }).put(makeCredentials());
    expect(await getAllCredentialKeys(path)).toEqual([{ key: 'J' }]);
  });

  it('100 concurrent puts of distinct keys through several Multistore objects keep every entry', async () => {
    const path = join(tmp.dir, 'store.json');
    const stores = [new Multistore(path), new Multistore(path), new Multistore(path)];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        stores[i % 3]?.storage({ key: `k${i}` }).put(makeCredentials()),
      ),
    );
    expect(await getAllCredentialKeys(path)).toHaveLength(100);
    expect(await readdir(tmp.dir)).toEqual(['store.json']);
  });
});

describe('secrets never leak (Z1)', () => {
  it('storages and the credentials they return show no secret', async () => {
    const path = join(tmp.dir, 'store.json');
    const storage = getCredentialStorageCustomStringKey(path, 'k');
    await storage.put(makeCredentials());
    assertNoCanary(storage);
    assertNoCanary(await storage.get());
  });
});
