import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import { canary, runPython, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { Multistore } from '../src/index.js';

const tmp = useTempDir('oauth2-py-multi-');

// oauth2client 4.1.3 has no multistore_file (removed in 4.0); its successor is
// contrib.multiprocess_file_storage, whose file_version 2 format we read and write back.
const PY_PUT = `
import sys, json, datetime
from oauth2client import client
from oauth2client.contrib import multiprocess_file_storage as m
a = json.loads(sys.stdin.read())
c = client.OAuth2Credentials(a['access_token'], 'cid', a['client_secret'], a['refresh_token'],
    datetime.datetime(2030, 1, 2, 3, 4, 5), 'https://oauth2.example/token', 'py/1.0', scopes=['email'])
m.MultiprocessFileStorage(a['path'], a['key']).put(c)
`;

const PY_GET = `
import sys, json
from oauth2client.contrib import multiprocess_file_storage as m
a = json.loads(sys.stdin.read())
out = {}
for key in a['keys']:
    c = m.MultiprocessFileStorage(a['path'], key).get()
    out[key] = c and {'access_token': c.access_token, 'refresh_token': c.refresh_token}
print(json.dumps(out))
`;

describe('interop with the real oauth2client 4.1.3 multiprocess_file_storage (file_version 2)', () => {
  it('Python writes, we read and add an entry, Python reads both; the file stays version 2', async () => {
    const path = join(tmp.dir, 'store.json');
    const fromPython = {
      access_token: canary('ya29.'),
      client_secret: canary('s-'),
      refresh_token: canary('1//'),
    };
    await runPython(PY_PUT, JSON.stringify({ path, key: 'python', ...fromPython }));
    // fasteners leaves a permanent plain <file>.lock behind: our lock lives elsewhere.
    expect((await readdir(tmp.dir)).sort()).toEqual(['store.json', 'store.json.lock']);

    const store = new Multistore(path);
    const loaded = (await store.storage({ key: 'python' }).get()) as OAuth2Credentials;
    expect(loaded.accessToken).toBe(fromPython.access_token);
    expect(loaded.refreshToken).toBe(fromPython.refresh_token);
    expect(loaded.tokenExpiry?.toISOString()).toBe('2030-01-02T03:04:05.000Z');

    const ours = new OAuth2Credentials({
      accessToken: canary('ya29.'),
      clientId: 'cid',
      clientSecret: canary('s-'),
      refreshToken: canary('1//'),
      tokenUri: 'https://oauth2.example/token',
    });
    await store.storage({ key: 'node' }).put(ours);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('{"file_version": 2, "credentials": {"python": "')).toBe(true);

    const seen = JSON.parse(
      await runPython(PY_GET, JSON.stringify({ path, keys: ['python', 'node'] })),
    );
    expect(seen).toEqual({
      python: { access_token: fromPython.access_token, refresh_token: fromPython.refresh_token },
      node: { access_token: ours.accessToken, refresh_token: ours.refreshToken },
    });
  });
});
