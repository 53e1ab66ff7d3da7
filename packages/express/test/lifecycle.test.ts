// Refresh inside required(), logout (revoke + delete + destroy), CSRF tokens, configuration.
import { FrozenClock } from '@oauth2/test-kit';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIGURATION_NOT_FOUND, createOAuth2, OAuth2ConfigurationError } from '../src/index.js';
import { signIn, startTestApp, type TestApp, useTestApp } from './helpers.js';

describe('refresh inside required()', () => {
  let app: TestApp;
  const clock = new FrozenClock(Date.now());
  beforeAll(async () => {
    app = await startTestApp({ oauth2: { clock } });
  });
  afterAll(() => app?.close());

  it('an expired access token is refreshed once before the route runs, even for concurrent requests', async () => {
    const agent = app.agent();
    await signIn(app, agent);
    const session = JSON.parse((await agent.get('/session')).text_);
    const before = JSON.parse(session.data.google_oauth2_credentials);
    const tokens = app.tokenRequests();
    clock.advance(2 * 3600 * 1000);
    const pages = await Promise.all([
      agent.get('/protected'),
      agent.get('/protected'),
      agent.get('/api/me'),
    ]);
    clock.set(Date.now());
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(app.tokenRequests() - tokens).toBe(1);
    const after = JSON.parse(
      JSON.parse((await agent.get('/session')).text_).data.google_oauth2_credentials,
    );
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).toBeTruthy();
  });
});

describe('logout', () => {
  let app: TestApp;
  let failing: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    failing = await startTestApp({
      oauth2: {
        fetch: (input, init) =>
          String(input).includes('/token/revocation')
            ? Promise.reject(new TypeError('fetch failed'))
            : fetch(input, init),
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await failing?.close();
  });

  it('revokes at the provider, deletes the credential and destroys the session', async () => {
    const agent = app.agent();
    await signIn(app, agent);
    const id = JSON.parse((await agent.get('/session')).text_).id;
    const revocations = app.revocations();
    const res = await agent.request('/logout', { method: 'POST' });
    expect(JSON.parse(res.text_)).toEqual({ revoked: true });
    expect(app.revocations() - revocations).toBe(1);
    expect(
      (app.store as unknown as { sessions: Record<string, string> }).sessions[id],
    ).toBeUndefined();
    expect((await agent.get('/protected')).status).toBe(302);
  });

  it('a failed revoke still signs the user out and reports it', async () => {
    const agent = failing.agent();
    await signIn(failing, agent);
    const res = await agent.request('/logout', { method: 'POST' });
    const report = JSON.parse(res.text_);
    expect(report.revoked).toBe(false);
    expect(res.status).toBe(200);
    expect((await agent.get('/protected')).status).toBe(302);
  });
});

describe('CSRF tokens (@oauth2/xsrf)', () => {
  const app = useTestApp();

  it('a form post needs the token made for this user and action', async () => {
    const agent = app.agent();
    await signIn(app, agent);
    const { csrf } = JSON.parse((await agent.get('/form')).text_);
    const post = (body: string) =>
      agent.request('/delete', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await post(`_csrf=${encodeURIComponent(csrf)}`)).status).toBe(200);
    expect((await post('')).status).toBe(403);
    expect((await post(`_csrf=${encodeURIComponent(`${csrf}x`)}`)).status).toBe(403);
    const header = await agent.request('/delete', {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
    });
    expect(header.status).toBe(200);
    // Another user's token is refused.
    const other = app.agent();
    await other.get('/set?v=1');
    expect(app.oauth2.csrfToken).toBeTypeOf('function');
    const forged = await agent.request('/delete', {
      method: 'POST',
      headers: {
        'x-csrf-token': app.oauth2.csrfToken(
          { oauth2: { userId: 'someone-else' } } as never,
          'delete',
        ),
      },
    });
    expect(forged.status).toBe(403);
  });
});

describe('configuration', () => {
  it('nothing configured: the original message, at creation', () => {
    expect(() => createOAuth2({ env: {} })).toThrow(OAuth2ConfigurationError);
    expect(() => createOAuth2({ env: {} })).toThrow(CONFIGURATION_NOT_FOUND);
  });

  it('env GOOGLE_OAUTH2_CLIENT_ID + SECRET is enough; authorizeUrl builds the original shape', () => {
    const oauth2 = createOAuth2({
      env: { GOOGLE_OAUTH2_CLIENT_ID: 'id', GOOGLE_OAUTH2_CLIENT_SECRET: 'secret' },
    });
    expect(oauth2.authorizeUrl('/after', { scopes: ['email', 'one'] })).toBe(
      '/oauth2authorize?return_url=%2Fafter&scopes=email&scopes=one',
    );
  });

  it('Google by default: the authorize step goes to accounts.google.com with access_type=offline', async () => {
    const oauth2 = createOAuth2({ clientId: 'id', clientSecret: 'secret' });
    const app = express();
    app.use(
      (await import('express-session')).default({
        secret: 's',
        resave: false,
        saveUninitialized: false,
      }),
    );
    app.use(oauth2.router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/oauth2authorize?return_url=/x&extra=1`, {
        redirect: 'manual',
      });
      const url = new URL(res.headers.get('location') as string);
      expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
      expect(url.searchParams.get('access_type')).toBe('offline');
      expect(url.searchParams.get('prompt')).toBe('consent');
      expect(url.searchParams.get('include_granted_scopes')).toBe('true');
      expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/oauth2callback`);
      // Request parameters are not copied into the provider URL (the original did).
      expect(url.searchParams.has('extra')).toBe(false);
      expect(url.href).not.toContain('secret');
    } finally {
      server.close();
    }
  });

  it('without express-session: a configuration error naming the fix', async () => {
    const oauth2 = createOAuth2({ clientId: 'id', clientSecret: 'secret' });
    const app = express();
    const errors: unknown[] = [];
    app.use(oauth2.router);
    app.use(
      (err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        errors.push(err);
        res.status(500).end();
      },
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as { port: number }).port;
      await fetch(`http://127.0.0.1:${port}/`);
      expect(errors[0]).toBeInstanceOf(OAuth2ConfigurationError);
      expect(String(errors[0])).toContain('mount express-session');
    } finally {
      server.close();
    }
  });
});
