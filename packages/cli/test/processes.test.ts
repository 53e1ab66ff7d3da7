import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import { runPython, useLoopbackServer, useResource, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { cliEnv, spawnCli, startCliProvider } from './helpers.js';

// The built `oauth2` in real processes: cross-process single refresh, Ctrl-C, no keyring,
// and credentials shared with Python oauth2client.
const server = useLoopbackServer({ per: 'file' });
const op = useResource(
  () => startCliProvider(),
  (provider) => provider.close(),
  { per: 'file' },
);

const tmp = useTempDir('oauth2-cli-proc-');
const credentialFile = () => join(tmp.dir, 'creds.json');
const env = (extra: NodeJS.ProcessEnv = {}) =>
  cliEnv(tmp.dir, { OAUTH2_STORE: 'file', OAUTH2_STORE_PATH: credentialFile(), ...extra });

function storeExpired(tokenUri: string): void {
  const json = new OAuth2Credentials({
    accessToken: 'old-token',
    clientId: 'client',
    clientSecret: 'secret',
    refreshToken: 'refresh-token',
    tokenExpiry: new Date(Date.now() - 60_000),
    tokenUri,
  }).toJson();
  mkdirSync(tmp.dir, { recursive: true });
  writeFileSync(credentialFile(), json, { mode: 0o600 });
}

describe('oauth2 in real processes', () => {
  it('16 parallel print-access-token on an expired token make exactly 1 token request', async () => {
    let issued = 0;
    server.route('POST', '/stampede-token', () => ({
      delayMs: 300,
      body: { access_token: `new-token-${++issued}`, expires_in: 3600, token_type: 'Bearer' },
    }));
    storeExpired(`${server.url}/stampede-token`);
    const results = await Promise.all(
      Array.from({ length: 16 }, () => spawnCli(['print-access-token'], { env: env() })),
    );
    for (const r of results)
      expect(r, r.stderr).toMatchObject({ code: 0, stdout: 'new-token-1\n' });
    expect(server.requests.filter((r) => r.path === '/stampede-token')).toHaveLength(1);
    expect(JSON.parse(readFileSync(credentialFile(), 'utf8')).access_token).toBe('new-token-1');
  }, 60_000);

  it('Ctrl-C during a login exits 130, closes the server and writes nothing (L4)', async () => {
    const run = spawnCli(['login', '--issuer', op.issuer, '--client-id', 'cli'], { env: env() });
    let stderr = '';
    run.child.stderr?.on('data', (c) => (stderr += c));
    await expect
      .poll(() => stderr, { timeout: 15_000 })
      .toContain('Waiting for the browser sign-in');
    const port = Number(stderr.match(/redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A(\d+)/)?.[1]);
    expect(port).toBeGreaterThan(0);
    run.child.kill('SIGINT');
    const result = await run;
    expect(result.code).toBe(130);
    expect(existsSync(credentialFile())).toBe(false);
    expect(existsSync(join(tmp.dir, '.config', 'oauth2', 'config.json'))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  }, 30_000);

  it('without a Secret Service, login stops and says how to choose a file store; nothing falls back to a file', async () => {
    const result = await spawnCli(['login', '--issuer', op.issuer, '--client-id', 'cli'], {
      env: cliEnv(tmp.dir, { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(tmp.dir, 'no-bus')}` }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("'oauth2 login --store file'");
    expect(existsSync(join(tmp.dir, '.config', 'oauth2', 'credentials'))).toBe(false);
  }, 30_000);

  it('a credential written by Python oauth2client prints a token here, and the refreshed one reads back in Python', async () => {
    server.route('POST', '/py-token', {
      body: { access_token: 'from-our-refresh', expires_in: 3600 },
    });
    const path = credentialFile();
    await runPython(
      `
import datetime
from oauth2client.client import OAuth2Credentials
from oauth2client.file import Storage
c = OAuth2Credentials('py-access', 'client', 'secret', 'py-refresh',
    datetime.datetime.utcnow() + datetime.timedelta(hours=1), '${server.url}/py-token', 'ua')
Storage('${path}').put(c)
`,
    );
    const valid = await spawnCli(['token'], { env: env() });
    expect(valid).toMatchObject({ code: 0, stdout: 'py-access\n' });
    // Expire it in Python's own format, then let the command refresh and write it back.
    await runPython(`
import datetime
from oauth2client.file import Storage
s = Storage('${path}'); c = s.get(); c.token_expiry = datetime.datetime.utcnow() - datetime.timedelta(minutes=1); s.put(c)
`);
    const refreshed = await spawnCli(['token'], { env: env() });
    expect(refreshed).toMatchObject({ code: 0, stdout: 'from-our-refresh\n' });
    const back = await runPython(`
from oauth2client.file import Storage
c = Storage('${path}').get(); print(c.access_token, c.refresh_token, c.access_token_expired)
`);
    expect(back.trim()).toBe('from-our-refresh py-refresh False');
  }, 60_000);
});
