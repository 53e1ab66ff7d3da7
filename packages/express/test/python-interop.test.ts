// A credential the middleware stored in a multistore file loads in the real Python oauth2client.
import { join } from 'node:path';
import type { OAuth2Credentials } from '@oauth2/core';
import { Multistore } from '@oauth2/storage-multistore';
import { runPython, useTempDir } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from './helpers.js';

const tmp = useTempDir('oauth2-express-py-', { per: 'file' });
let app: TestApp;
let path: string;

beforeAll(async () => {
  path = join(tmp.dir, 'users.json');
  // oauth2client 4.1.3 has no multistore_file; its successor (multiprocess_file_storage) reads
  // file_version 2, which Python creates here and the middleware then adds its user to.
  await runPython(
    `import sys, json, datetime
from oauth2client import client
from oauth2client.contrib import multiprocess_file_storage as m
c = client.OAuth2Credentials('py-at', 'py-client', 'py-secret', 'py-rt',
    datetime.datetime(2030, 1, 1), 'https://oauth2.example/token', None)
m.MultiprocessFileStorage(json.load(sys.stdin)['path'], 'python-job').put(c)`,
    JSON.stringify({ path: join(tmp.dir, 'users.json') }),
  );
  const store = new Multistore(path);
  app = await startTestApp({ oauth2: { storage: (userId) => store.storage({ key: userId }) } });
});
afterAll(() => app?.close());

const PY_GET = `
import sys, json
from oauth2client.contrib import multiprocess_file_storage as m
a = json.load(sys.stdin)
c = m.MultiprocessFileStorage(a['path'], a['key']).get()
print(json.dumps({
  'class': type(c).__name__, 'access_token': c.access_token, 'refresh_token': c.refresh_token,
  'client_id': c.client_id, 'token_uri': c.token_uri, 'sub': (c.id_token or {}).get('sub'),
  'email': (c.id_token or {}).get('email'), 'scopes': sorted(c.scopes), 'expired': c.access_token_expired,
}))
`;

// Two Python processes and a sign-in: slow on a loaded 2-core machine.
describe('Python interop', { timeout: 90_000 }, () => {
  it('the signed-in user stored under its sub in a multistore file loads in oauth2client', async () => {
    const agent = app.agent();
    expect((await signIn(app, agent)).status).toBe(302);
    const ours = await new Multistore(path).storage({ key: 'test-user' }).get();
    const seen = JSON.parse(await runPython(PY_GET, JSON.stringify({ path, key: 'test-user' })));
    expect(seen).toMatchObject({
      class: 'OAuth2Credentials',
      client_id: 'web-app',
      token_uri: app.op.endpoints.token,
      sub: 'test-user',
      email: 'user@example.com',
      expired: false,
    });
    expect(seen.access_token).toBe((ours as OAuth2Credentials).accessToken);
    expect(seen.refresh_token).toBeTruthy();
    expect(seen.scopes).toEqual(expect.arrayContaining(['email', 'openid']));
    // The Python job's own entry is untouched.
    const job = JSON.parse(await runPython(PY_GET, JSON.stringify({ path, key: 'python-job' })));
    expect(job.access_token).toBe('py-at');
  });
});
