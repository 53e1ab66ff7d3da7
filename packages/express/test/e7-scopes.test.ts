// Adversarial E7: identity from the verified ID token, incremental scopes with granular consent.
import { MemoryStorage, MemoryStorageBackend } from '@oauth2/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startSignIn, startTestApp, type TestApp } from './helpers.js';

let app: TestApp;
const backends = new Map<string, MemoryStorageBackend>();
beforeAll(async () => {
  app = await startTestApp({
    claims: { email: 'user@example.com' },
    oauth2: {
      storage: (userId) => {
        const backend = backends.get(userId) ?? new MemoryStorageBackend();
        backends.set(userId, backend);
        return new MemoryStorage({ backend });
      },
    },
  });
});
afterAll(() => app?.close());

const json = { accept: 'application/json' };

/** A signed-in user asks for /calendar and is sent on to the provider: the agent, the provider's answer. */
async function signedInAsksForCalendar() {
  const agent = app.agent();
  await signIn(app, agent);
  const start = await agent.get('/calendar');
  expect(start.status).toBe(302);
  const authorize = await agent.get(start.location as string);
  return { agent, authorize };
}

describe('E7: identity and incremental scopes', () => {
  it('credentials are stored under the verified sub, never the email, and not in the session', async () => {
    const agent = app.agent();
    await signIn(app, agent);
    expect([...backends.keys()]).toEqual(['test-user']);
    const stored = JSON.parse(backends.get('test-user')?.value as string);
    expect(stored.id_token.sub).toBe('test-user');
    expect(stored.refresh_token).toBeTruthy();
    const session = JSON.parse((await agent.get('/session')).text_);
    expect(session.data.google_oauth2_credentials).toBeUndefined();
    expect(session.data.oauth2_user).toEqual({ sub: 'test-user', email: 'user@example.com' });
  });

  it('the authorize URL carries include_granted_scopes=true, offline access and (first time) prompt=consent', async () => {
    const url = new URL(await startSignIn(app.agent()));
    expect(url.searchParams.get('include_granted_scopes')).toBe('true');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'email', 'offline_access']),
    );
    expect(url.searchParams.get('prompt')).toBe('consent');
  });

  it('no prompt=consent when the user already has a refresh token; granted scopes are kept', async () => {
    const { authorize } = await signedInAsksForCalendar();
    const url = new URL(authorize.location as string);
    expect(url.searchParams.get('prompt')).toBeNull();
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'email', 'calendar']),
    );
  });

  it('a declined scope: stored scopes = the token response scope, a 403 page with a retry link, no loop', async () => {
    const { agent, authorize } = await signedInAsksForCalendar();
    app.decide.current = () => ({ accountId: 'test-user', rejectScopes: ['calendar'] });
    const callback = await app.op.completeAuthorization(authorize.location as string);
    app.decide.current = undefined;
    const back = await agent.get(`${callback.pathname}${callback.search}`);
    expect(back.status).toBe(302);
    expect(back.location).toBe('/calendar');
    const stored = JSON.parse(backends.get('test-user')?.value as string);
    expect(stored.scopes).not.toContain('calendar');
    expect(stored.scopes).toEqual(expect.arrayContaining(['openid', 'email']));
    const denied = await agent.get('/calendar');
    expect(denied.status).toBe(403);
    expect(denied.text_).toContain('Insufficient scope');
    expect(denied.text_).toContain(
      'href="/oauth2authorize?return_url=%2Fcalendar&amp;scopes=calendar"',
    );
    // Again: still a 403, never a redirect back to the provider.
    expect((await agent.get('/calendar')).status).toBe(403);
    expect((await agent.get('/calendar', json)).status).toBe(403);
    expect(JSON.parse((await agent.get('/calendar', json)).text_)).toMatchObject({
      error: 'insufficient_scope',
      scopes: ['calendar'],
    });
    // The retry link, approved this time, grants it.
    const retry = await agent.get('/oauth2authorize?return_url=%2Fcalendar&scopes=calendar');
    const approved = await app.op.completeAuthorization(retry.location as string);
    expect((await agent.get(`${approved.pathname}${approved.search}`)).status).toBe(302);
    const ok = await agent.get('/calendar');
    expect(ok.status).toBe(200);
    expect(ok.text_).toContain('calendar');
  });

  it('JSON requests get 401 without a user instead of a redirect', async () => {
    const res = await app.agent().get('/protected', json);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text_)).toMatchObject({ error: 'login_required' });
  });

  it('a route calls an API with req.oauth2.fetch (the user info endpoint)', async () => {
    const agent = app.agent();
    await signIn(app, agent);
    const me = await agent.get('/api/me');
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text_)).toMatchObject({ sub: 'test-user', email: 'user@example.com' });
  });
});
