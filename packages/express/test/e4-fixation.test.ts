// Adversarial E4: the session id changes at sign-in (no fixation), and a different user signing
// in over a session drops everything the previous user had in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdOf, signIn, startTestApp, storedSession, type TestApp } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    users: {
      alice: { email: 'alice@example.com', email_verified: true },
      bob: { email: 'bob@example.com', email_verified: true },
    },
  });
});
afterAll(() => app?.close());

const as = (accountId: string) => {
  app.decide.current = () => ({ accountId });
};

describe('E4: fixation and user switch', () => {
  it('a planted session id is not the one the victim ends up with', async () => {
    const attacker = app.agent();
    await attacker.get('/set?v=planted');
    const planted = attacker.sessionCookie as string;
    const victim = app.agent();
    victim.cookies.set('connect.sid', planted);
    as('alice');
    const plantedId = sessionIdOf(planted) as string;
    expect(storedSession(app, plantedId)).toBeDefined();
    const callback = await signIn(app, victim);
    expect(callback.status).toBe(302);
    const after = sessionIdOf(victim.sessionCookie) as string;
    expect(after).not.toBe(plantedId);
    // The planted id is gone from the store: the attacker holding it is not signed in.
    expect(storedSession(app, plantedId)).toBeUndefined();
    expect((await attacker.get('/protected')).status).toBe(302);
    expect((await victim.get('/protected')).text_).toContain('alice@example.com');
  });

  it('the session id changes even without a planted cookie', async () => {
    const agent = app.agent();
    as('alice');
    const first = await agent.get('/protected');
    await agent.get(first.location as string); // the authorize step creates the session
    const before = sessionIdOf(agent.sessionCookie);
    expect(before).toBeDefined();
    // Finish the sign-in the agent started (its only pending transaction).
    const session = await agent.get('/session');
    expect(JSON.parse(session.text_).id).toBe(before);
    await signIn(app, agent);
    expect(sessionIdOf(agent.sessionCookie)).not.toBe(before);
  });

  it("B signing in over A's session drops all of A's data", async () => {
    const agent = app.agent();
    as('alice');
    await signIn(app, agent);
    await agent.get('/set?v=alice-secret');
    const aliceSession = JSON.parse((await agent.get('/session')).text_);
    expect(aliceSession.data.appData).toBe('alice-secret');
    expect(aliceSession.data.google_oauth2_credentials).toContain('access_token');
    as('bob');
    await signIn(app, agent);
    const bobSession = JSON.parse((await agent.get('/session')).text_);
    expect(bobSession.data.appData).toBeUndefined();
    expect(bobSession.data.oauth2_user).toEqual({ sub: 'bob', email: 'bob@example.com' });
    expect(JSON.parse(bobSession.data.google_oauth2_credentials).id_token.sub).toBe('bob');
    expect(storedSession(app, aliceSession.id)).toBeUndefined();
  });

  it('the same user signing in again keeps the session data (and an anonymous session is kept)', async () => {
    const agent = app.agent();
    await agent.get('/set?v=cart');
    as('alice');
    await signIn(app, agent);
    expect(JSON.parse((await agent.get('/session')).text_).data.appData).toBe('cart');
    await signIn(app, agent);
    expect(JSON.parse((await agent.get('/session')).text_).data.appData).toBe('cart');
  });
});
