// A real browser (headless Debian Chromium) through the example app and a real oidc-provider:
// sign in, API call with req.oauth2.fetch, a declined extra scope, two tabs at once, logout.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  canary,
  type InteractionSummary,
  launchChromium,
  type OidcProviderHandle,
  startOidcProvider,
} from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../examples/express/app.mjs';
import { createOAuth2 } from '../src/index.js';

type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

const ARTIFACTS = join(import.meta.dirname, '..', '.test-results', 'browser');
let browser: Browser;
let op: OidcProviderHandle;
let server: Server;
let base: string;
const interactions: InteractionSummary[] = [];

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = canary();
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'example',
        client_secret: clientSecret,
        redirect_uris: [`${base}/oauth2callback`],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: ['drive'],
    accountId: 'browser-user',
    claims: { email: 'browser-user@example.com', email_verified: true },
    // Granular consent: the user approves the sign-in but declines "drive".
    decide: (interaction) => {
      interactions.push(interaction);
      const asked = interaction.scope.split(' ').includes('drive');
      return { accountId: 'browser-user', rejectScopes: asked ? ['drive'] : [] };
    },
  });
  const oauth2 = createOAuth2({
    clientId: 'example',
    clientSecret,
    issuer: op.issuer,
    scopes: ['openid', 'email'],
  });
  server.on(
    'request',
    createApp({ oauth2, userinfoUrl: op.endpoints.userinfo, extraScope: 'drive' }),
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await op?.close();
});

/** Run `fn`; on failure save a screenshot of every page in .test-results/browser/ and rethrow. */
async function withScreenshots(
  name: string,
  pages: Page[],
  fn: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [i, page] of pages.entries()) {
      await page
        .screenshot({ path: join(ARTIFACTS, `${name}-${i}.png`), fullPage: true })
        .catch(() => {});
    }
    throw err;
  }
}

const revocations = () =>
  op.requests.filter((r) => r.method === 'POST' && r.path === '/token/revocation').length;

// A browser journey is slow on a loaded 2-core machine: each test gets 90 s.
describe('browser: the example app against oidc-provider', { timeout: 90_000 }, () => {
  it('signs in, calls an API, is refused a declined scope, and logs out (revoking)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await withScreenshots('journey', [page], async () => {
      await page.goto(`${base}/profile`);
      await page.waitForURL(`${base}/profile`);
      expect(await page.textContent('#email')).toBe('browser-user@example.com');

      const api = await page.goto(`${base}/api/profile`);
      expect(api?.status()).toBe(200);
      expect(await api?.json()).toMatchObject({
        sub: 'browser-user',
        email: 'browser-user@example.com',
      });

      await page.goto(`${base}/profile`);
      await page.click('#extra');
      await page.waitForURL(`${base}/extra`);
      expect(await page.textContent('h1')).toBe('Insufficient scope');
      const retry = await page.getAttribute('a', 'href');
      expect(retry).toBe('/oauth2authorize?return_url=%2Fextra&scopes=drive');
      expect(interactions.at(-1)?.scope.split(' ')).toContain('drive');

      await page.goto(`${base}/profile`);
      const before = revocations();
      await page.click('#logout');
      await page.waitForURL(`${base}/`);
      expect(revocations() - before).toBe(1);
      expect(await page.textContent('#sign-in')).toBe('Sign in');
      // Signed out: the protected page sends the browser back to the provider.
      const seen = interactions.length;
      await page.goto(`${base}/profile`);
      await page.waitForURL(`${base}/profile`);
      expect(interactions.length).toBeGreaterThan(seen);
    });
    await context.close();
  });

  it('two tabs signing in at once both succeed', async () => {
    const context = await browser.newContext();
    const tabs = [await context.newPage(), await context.newPage()];
    await withScreenshots('two-tabs', tabs, async () => {
      await Promise.all(tabs.map((tab) => tab.goto(`${base}/profile`)));
      await Promise.all(tabs.map((tab) => tab.waitForURL(`${base}/profile`)));
      for (const tab of tabs) {
        expect(await tab.textContent('#email')).toBe('browser-user@example.com');
      }
    });
    await context.close();
  });
});
