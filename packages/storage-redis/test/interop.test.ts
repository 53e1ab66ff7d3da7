import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import { FileStorage } from '@oauth2/storage-file';
import { canary, runPython, startRedis, useTempDir } from '@oauth2/test-kit';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStorage } from '../src/index.js';
import { makeCredentials } from './helpers.js';

const redis = await startRedis();
const client = createClient({ url: redis.url });
await client.connect();
afterAll(async () => {
  client.destroy();
  await redis.stop();
});
const tmp = useTempDir('oauth2-redis-interop-');

// The real oauth2client 4.1.3 (Debian python3-oauth2client) reads the stored value.
const PY_READ = `
import sys, json
from oauth2client import client
c = client.Credentials.new_from_json(sys.stdin.read())
print(json.dumps({'class': type(c).__name__, 'access_token': c.access_token,
    'refresh_token': c.refresh_token, 'client_secret': c.client_secret,
    'token_expiry': c.token_expiry.strftime('%Y-%m-%dT%H:%M:%SZ'), 'token_uri': c.token_uri}))
`;

const PY_WRITE = `
import sys, json, datetime
from oauth2client import client
a = json.loads(sys.stdin.read())
c = client.OAuth2Credentials(a['access_token'], 'cid', a['client_secret'], a['refresh_token'],
    datetime.datetime(2030, 1, 2, 3, 4, 5), 'https://oauth2.example/token', 'py/1.0',
    scopes=['email'])
sys.stdout.write(c.to_json())
`;

describe('the same JSON as @oauth2/storage-file and oauth2client', () => {
  it('a value written by FileStorage loads from Redis after a copy, and vice versa', async () => {
    const path = join(tmp.dir, 'creds.json');
    const original = makeCredentials();
    await new FileStorage(path).put(original);
    const storage = new RedisStorage(client, 'copied');
    await client.set(storage.key, await readFile(path, 'utf8'));
    expect((await storage.get())?.toJson()).toBe(original.toJson());

    const fromRedis = makeCredentials();
    await storage.put(fromRedis);
    const back = join(tmp.dir, 'back.json');
    await writeFile(back, (await client.get(storage.key)) ?? '', { mode: 0o600 });
    expect((await new FileStorage(back).get())?.toJson()).toBe(fromRedis.toJson());
    expect(await readFile(back, 'utf8')).toBe(fromRedis.toJson());
  });

  it('Python oauth2client reads the value we store, and its JSON loads here', async () => {
    const storage = new RedisStorage(client, 'python');
    const credentials = makeCredentials();
    await storage.put(credentials);
    const read = JSON.parse(await runPython(PY_READ, (await client.get(storage.key)) ?? ''));
    expect(read).toEqual({
      class: 'OAuth2Credentials',
      access_token: credentials.accessToken,
      refresh_token: credentials.refreshToken,
      client_secret: credentials.clientSecret,
      token_expiry: '2030-01-01T00:00:00Z',
      token_uri: credentials.tokenUri,
    });

    const input = {
      access_token: canary('ya29.'),
      client_secret: canary('s-'),
      refresh_token: canary('1//'),
    };
    const pythonJson = await runPython(PY_WRITE, JSON.stringify(input));
    await client.set(storage.key, pythonJson);
    const loaded = (await storage.get()) as OAuth2Credentials;
    expect(loaded).toBeInstanceOf(OAuth2Credentials);
    expect(loaded.refreshToken).toBe(input.refresh_token);
    expect(loaded.tokenExpiry?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
  });
});
