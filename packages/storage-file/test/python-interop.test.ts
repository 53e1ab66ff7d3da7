import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import { canary, canaryCredentialFields, runPython, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '../src/index.js';

const tmp = useTempDir('oauth2-py-');

// The real oauth2client 4.1.3 (Debian python3-oauth2client) on the other side.
const PY_PUT = `
import sys, json, datetime
from oauth2client import client, file
a = json.loads(sys.stdin.read())
c = client.OAuth2Credentials(a['access_token'], a['client_id'], a['client_secret'], a['refresh_token'],
    datetime.datetime(2030, 1, 2, 3, 4, 5), a['token_uri'], a['user_agent'],
    revoke_uri=a['revoke_uri'], scopes=a['scopes'])
file.Storage(a['path']).put(c)
`;

const PY_GET = `
import sys, json
from oauth2client import file
c = file.Storage(sys.stdin.read()).get()
print(json.dumps({'class': type(c).__name__, 'access_token': c.access_token, 'refresh_token': c.refresh_token,
    'client_secret': c.client_secret, 'token_expiry': c.token_expiry.strftime('%Y-%m-%dT%H:%M:%SZ'),
    'scopes': sorted(c.scopes), 'token_uri': c.token_uri, 'invalid': c.invalid}))
`;

describe('interop with the real oauth2client.file.Storage (4.1.3)', () => {
  it('a file written by Python loads here, and is rewritten byte-compatibly', async () => {
    const path = join(tmp.dir, 'py.json');
    const input = {
      path,
      access_token: canary('ya29.'),
      client_id: 'cid',
      client_secret: canary('s-'),
      refresh_token: canary('1//'),
      token_uri: 'https://oauth2.example/token',
      user_agent: 'py/1.0',
      revoke_uri: 'https://oauth2.example/revoke',
      // One scope: Python writes a set, whose order would otherwise vary between runs.
      scopes: ['email'],
    };
    await runPython(PY_PUT, JSON.stringify(input));
    const pythonBytes = await readFile(path, 'utf8');
    const storage = new FileStorage(path);
    const credentials = (await storage.get()) as OAuth2Credentials;
    expect(credentials).toBeInstanceOf(OAuth2Credentials);
    expect(credentials.accessToken).toBe(input.access_token);
    expect(credentials.refreshToken).toBe(input.refresh_token);
    expect(credentials.clientSecret).toBe(input.client_secret);
    expect(credentials.tokenExpiry?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    expect([...credentials.scopes]).toEqual(['email']);
    // What we write for the same credential is byte for byte what Python wrote.
    await storage.put(credentials);
    expect(await readFile(path, 'utf8')).toBe(pythonBytes);
  });

  it('a file written here loads in Python', async () => {
    const path = join(tmp.dir, 'ts.json');
    const credentials = new OAuth2Credentials(
      canaryCredentialFields({
        tokenExpiry: new Date('2030-01-02T03:04:05Z'),
        userAgent: 'ts/1.0',
      }),
    );
    await new FileStorage(path).put(credentials);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    const seen = JSON.parse(await runPython(PY_GET, path));
    expect(seen).toEqual({
      class: 'OAuth2Credentials',
      access_token: credentials.accessToken,
      refresh_token: credentials.refreshToken,
      client_secret: credentials.clientSecret,
      token_expiry: '2030-01-02T03:04:05Z',
      scopes: ['email', 'profile'],
      token_uri: 'https://oauth2.example/token',
      invalid: false,
    });
  });
});
