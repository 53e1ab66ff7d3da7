import { PassThrough, Writable } from 'node:stream';
import { MemoryStorage, OAuth2WebServerFlow } from '@oauth2/core';
import type { OidcProviderHandle } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginTimeoutError, runFlow } from '../src/index.js';
import { startCliProvider } from './helpers.js';

let op: OidcProviderHandle;

beforeAll(async () => {
  op = await startCliProvider();
});
afterAll(() => op.close());

function newFlow(): OAuth2WebServerFlow {
  return new OAuth2WebServerFlow({
    clientId: 'cli',
    scope: ['openid', 'email'],
    authUri: op.endpoints.authorization,
    tokenUri: op.endpoints.token,
    revokeUri: op.endpoints.revocation,
  });
}

function sink(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return Object.assign(w, { text: () => text });
}

/** Listening servers once libuv ran its close callbacks (≤ 1 s): the provider's own is 1. */
async function listeningServers(): Promise<number> {
  const count = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
  for (let i = 0; i < 20 && count() > 1; i++) await new Promise((r) => setTimeout(r, 50));
  return count();
}

describe('runFlow against a real OpenID provider', () => {
  it('logs in through the loopback server with PKCE S256, state and nonce, and stores the result (L1)', async () => {
    const storage = new MemoryStorage();
    const output = sink();
    let opened = '';
    const credentials = await runFlow(newFlow(), storage, {
      output,
      openBrowser: async (url) => {
        opened = url;
        // The browser: follow the provider's redirects, then land on our loopback server.
        const landing = await op.completeAuthorization(url);
        await fetch(landing);
      },
    });
    const url = new URL(opened);
    const redirect = url.searchParams.get('redirect_uri') ?? '';
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(opened).not.toContain('urn:ietf:wg:oauth:2.0:oob');
    // The URL was printed before the browser was asked to open it.
    expect(output.text()).toContain(opened);
    expect(credentials.accessToken).toBeTruthy();
    expect(credentials.idToken?.email).toBe('ann@example.com');
    expect(credentials.store).toBe(storage);
    expect((await storage.get())?.toJson()).toBe(credentials.toJson());
    expect(await listeningServers()).toBe(1);
  });

  /** A paste-mode flow, started and waiting at its prompt. */
  async function pasteModeAtPrompt() {
    const storage = new MemoryStorage();
    const output = sink();
    const input = new PassThrough();
    const done = runFlow(newFlow(), storage, { output, input, noauthLocalWebserver: true });
    await expect.poll(() => output.text()).toContain('paste it here');
    return { storage, output, input, done };
  }

  it('paste mode: reads the redirected URL from the input, never the OOB URN', async () => {
    const { storage, output, input, done } = await pasteModeAtPrompt();
    const url = output.text().match(/https?:\/\/\S+\/auth\?\S+/)?.[0] ?? '';
    expect(url).not.toContain('urn:ietf');
    const landing = await op.completeAuthorization(url);
    input.write(`${landing.href}\n`);
    const credentials = await done;
    expect(credentials.refreshToken).toBeTruthy();
    expect(await storage.get()).toBeDefined();
  });

  it('paste mode: a URL from another origin is refused and nothing is stored', async () => {
    const { storage, input, done } = await pasteModeAtPrompt();
    input.write('http://evil.example/?code=x&state=y\n');
    await expect(done).rejects.toThrow(/does not start with http:\/\/127\.0\.0\.1:/);
    expect(await storage.get()).toBeUndefined();
  });

  it('times out with LoginTimeoutError, closes the server and stores nothing (L4)', async () => {
    const storage = new MemoryStorage();
    const started = Date.now();
    await expect(
      runFlow(newFlow(), storage, { output: sink(), openBrowser: false, timeoutMs: 2_000 }),
    ).rejects.toThrow(LoginTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await storage.get()).toBeUndefined();
    expect(await listeningServers()).toBe(1);
  });

  it('an abort (Ctrl-C) closes the server, rejects with the reason and stores nothing (L4)', async () => {
    const storage = new MemoryStorage();
    const controller = new AbortController();
    const done = runFlow(newFlow(), storage, {
      output: sink(),
      openBrowser: () => {
        setTimeout(() => controller.abort(new Error('interrupted')), 50);
      },
      signal: controller.signal,
    });
    await expect(done).rejects.toThrow('interrupted');
    expect(await storage.get()).toBeUndefined();
    expect(await listeningServers()).toBe(1);
  });

  it('a provider error comes back as FlowExchangeError with nothing stored', async () => {
    const denying = await startCliProvider({}, { decide: () => ({ error: 'access_denied' }) });
    try {
      const storage = new MemoryStorage();
      const flow = new OAuth2WebServerFlow({
        clientId: 'cli',
        scope: ['openid'],
        authUri: denying.endpoints.authorization,
        tokenUri: denying.endpoints.token,
      });
      await expect(
        runFlow(flow, storage, {
          output: sink(),
          openBrowser: async (url) => {
            await fetch(await denying.completeAuthorization(url));
          },
        }),
      ).rejects.toMatchObject({ name: 'FlowExchangeError', error: 'access_denied' });
      expect(await storage.get()).toBeUndefined();
    } finally {
      await denying.close();
    }
  });
});
