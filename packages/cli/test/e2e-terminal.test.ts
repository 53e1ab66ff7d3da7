import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  LoopbackServer,
  launchChromium,
  type OidcProviderHandle,
  useTempDir,
} from '@oauth2/test-kit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, openedUrls, spawnCli, startCliProvider } from './helpers.js';

// End to end: `oauth2 login` in a real terminal (tmux), the browser step by real headless
// Chromium following the URL the command handed to $BROWSER, against a real OpenID provider;
// then the other commands as separate processes.
const run = promisify(execFile);
let op: OidcProviderHandle;
let api: LoopbackServer;
let browser: Browser;
const socket = `oauth2-e2e-${process.pid}`;
const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args]);

beforeAll(async () => {
  op = await startCliProvider();
  api = await LoopbackServer.start();
  browser = await launchChromium();
});
afterAll(async () => {
  await tmux('kill-server').catch(() => {});
  await browser?.close();
  await api?.close();
  await op?.close();
});

const tmp = useTempDir('oauth2-cli-e2e-', { per: 'file' });

async function screen(): Promise<string> {
  return (await tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'login')).stdout;
}

describe('oauth2 in a real terminal with a real browser', () => {
  it('login in tmux, sign-in in Chromium, then token, fetch, status and revoke', async () => {
    const env = cliEnv(tmp.dir, { OAUTH2_STORE: 'file', TERM: 'xterm-256color' });
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}='${String(v).replaceAll("'", "'\\''")}'`)
      .join(' ');
    const command = `env -i ${exports} ${process.execPath} ${BIN} login --issuer ${op.issuer} --client-id cli --scope 'openid email'; echo "EXIT=$?"; sleep 60`;
    await tmux('new-session', '-d', '-x', '200', '-y', '50', '-s', 'login', command);

    await expect.poll(() => openedUrls(tmp.dir).length, { timeout: 15_000 }).toBe(1);
    const url = openedUrls(tmp.dir)[0] as string;
    // The terminal shows the URL and a countdown while it waits (it is a TTY).
    await expect
      .poll(screen, { timeout: 5_000 })
      .toMatch(/Waiting for the browser sign-in\.\.\. \d:\d\d left/);
    expect((await screen()).replaceAll('\n', '')).toContain(url.slice(0, 150));

    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1')) external.push(r.url());
    });
    const response = await page.goto(url);
    expect(await page.textContent('body')).toContain('Signed in. You can close this tab');
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/);
    expect(external).toEqual([]);
    await page.close();

    await expect.poll(screen, { timeout: 15_000 }).toContain('EXIT=0');
    const shown = await screen();
    expect(shown).toContain('Signed in as ann@example.com');

    const fileEnv = { ...env, BROWSER: '/bin/false' };
    const stored = JSON.parse(
      readFileSync(join(tmp.dir, '.config', 'oauth2', 'credentials', 'default.json'), 'utf8'),
    );
    const token = await spawnCli(['print-access-token'], { env: fileEnv });
    expect(token).toMatchObject({ code: 0, stdout: `${stored.access_token}\n` });

    api.route('GET', '/me', { body: { ok: true } });
    const fetched = await spawnCli(['fetch', `${api.url}/me`], { env: fileEnv });
    expect(fetched).toMatchObject({ code: 0, stdout: '{"ok":true}' });
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${stored.access_token}`);

    const status = await spawnCli(['status'], { env: fileEnv });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('who:           ann@example.com');
    expect(status.stdout).toContain('refresh token: yes');
    expect(status.stdout + status.stderr).not.toContain(stored.refresh_token);

    const revoked = await spawnCli(['revoke'], { env: fileEnv });
    expect(revoked.code).toBe(0);
    expect(op.requests.filter((r) => r.path === '/token/revocation').at(-1)?.status).toBe(200);
    expect((await spawnCli(['token'], { env: fileEnv })).code).toBe(4);
  }, 90_000);
});
