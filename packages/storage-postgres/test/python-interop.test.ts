import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import { FileStorage } from '@oauth2/storage-file';
import { canaryCredentialFields, runPython, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { credentialsFromColumn } from '../src/index.js';
import { useDatabase } from './helpers.js';

const db = useDatabase();
const tmp = useTempDir('oauth2-pg-py-');

// The real oauth2client 4.1.3 (Debian python3-oauth2client) reads what the row holds, as
// django_orm.CredentialsField would have (client.Credentials.new_from_json).
const PY_LOAD = `
import sys, json
from oauth2client import client
c = client.Credentials.new_from_json(sys.stdin.read())
print(json.dumps({'class': type(c).__name__, 'access_token': c.access_token,
    'refresh_token': c.refresh_token, 'client_secret': c.client_secret,
    'token_expiry': c.token_expiry.strftime('%Y-%m-%dT%H:%M:%SZ'), 'scopes': sorted(c.scopes),
    'token_response': c.token_response, 'json': c.to_json()}))
`;

describe('the same credential JSON as @oauth2/storage-file and Python oauth2client', () => {
  it('the row holds the bytes FileStorage writes; Python loads it and writes it back the same', async () => {
    const credentials = new OAuth2Credentials({
      ...canaryCredentialFields({
        tokenExpiry: new Date('2030-01-02T03:04:05Z'),
        userAgent: 'interop/1.0',
        scopes: ['email'],
      }),
      tokenResponse: {
        expires_in: 3600,
        access_token: 'x',
        scope: 'email',
        nested: { b: 1, a: [2] },
      },
    });
    const store = await db.store('interop');
    await store.storage('k').put(credentials);
    const path = join(tmp.dir, 'creds.json');
    await new FileStorage(path).put(credentials);
    const fileBytes = await readFile(path, 'utf8');

    const { rows } = await db.pool.query(
      `SELECT credentials, credentials::text AS text FROM ${store.table} WHERE key = 'k'`,
    );
    const row = rows[0] as { credentials: unknown; text: string };
    expect(row.text).toBe(fileBytes);
    expect(row.credentials).toEqual(JSON.parse(fileBytes));

    const python = JSON.parse(await runPython(PY_LOAD, row.text));
    expect(python).toMatchObject({
      class: 'OAuth2Credentials',
      access_token: credentials.accessToken,
      refresh_token: credentials.refreshToken,
      client_secret: credentials.clientSecret,
      token_expiry: '2030-01-02T03:04:05Z',
      scopes: ['email'],
      token_response: credentials.tokenResponse,
    });
    // What Python writes for it loads back here into the same credential.
    expect(credentialsFromColumn(python.json)?.toJson()).toBe(credentials.toJson());
  });
});
