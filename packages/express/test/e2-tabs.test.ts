// Adversarial E2: several sign-ins in one session (tabs) all complete, in any order; at most 5
// pending (the oldest evicted); each expires after 10 minutes.
import { FrozenClock } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING_TRANSACTIONS, TRANSACTION_TTL_MS } from '../src/index.js';
import { startSignIn, startTestApp, type TestApp } from './helpers.js';

let app: TestApp;
const clock = new FrozenClock(Date.now());
beforeAll(async () => {
  app = await startTestApp({ oauth2: { clock } });
});
afterAll(() => app?.close());

const path = (u: URL) => `${u.pathname}${u.search}`;

describe('E2: two tabs, cap, expiry', () => {
  it.each([
    ['in order', [0, 1]],
    ['in reverse order', [1, 0]],
  ])('two sign-ins started in one session both succeed, completed %s', async (_, order) => {
    const agent = app.agent();
    await agent.get('/set?v=1'); // one session for both tabs
    const started = [await startSignIn(agent, '/protected'), await startSignIn(agent, '/calendar')];
    const callbacks = await Promise.all(started.map((u) => app.op.completeAuthorization(u)));
    const returns = ['/protected', '/calendar'];
    for (const i of order as number[]) {
      const res = await agent.get(path(callbacks[i] as URL));
      expect(res.status, res.text_).toBe(302);
      expect(res.location).toBe(returns[i]);
    }
    // Signed in; the credential kept is the last one received (its scopes are its own).
    expect((await agent.get('/protected')).status).toBe(200);
  });

  it('two callbacks of one session arriving at the same time both succeed', async () => {
    const agent = app.agent();
    const started = [await startSignIn(agent), await startSignIn(agent)];
    const callbacks = await Promise.all(started.map((u) => app.op.completeAuthorization(u)));
    const results = await Promise.all(callbacks.map((c) => agent.get(path(c))));
    expect(results.map((r) => r.status)).toEqual([302, 302]);
    expect((await agent.get('/protected')).status).toBe(200);
  });

  it(`keeps at most ${MAX_PENDING_TRANSACTIONS} pending: the oldest is evicted`, async () => {
    const agent = app.agent();
    const started: string[] = [];
    for (let i = 0; i <= MAX_PENDING_TRANSACTIONS; i++) started.push(await startSignIn(agent));
    const session = await agent.get('/session');
    expect(JSON.parse(session.text_).data.oauth2_pending).toHaveLength(MAX_PENDING_TRANSACTIONS);
    const callbacks = await Promise.all(started.map((u) => app.op.completeAuthorization(u)));
    const before = app.tokenRequests();
    const oldest = await agent.get(path(callbacks[0] as URL));
    expect(oldest.status).toBe(400);
    expect(app.tokenRequests()).toBe(before);
    expect((await agent.get(path(callbacks[MAX_PENDING_TRANSACTIONS] as URL))).status).toBe(302);
    expect((await agent.get(path(callbacks[1] as URL))).status).toBe(302);
  });

  it('a transaction expires after 10 minutes', async () => {
    const agent = app.agent();
    const callback = await app.op.completeAuthorization(await startSignIn(agent));
    clock.advance(TRANSACTION_TTL_MS + 1000);
    const before = app.tokenRequests();
    const res = await agent.get(path(callback));
    clock.set(Date.now());
    expect(res.status).toBe(400);
    expect(res.text_).toMatch(/Invalid state/);
    expect(app.tokenRequests()).toBe(before);
  });

  it('the transaction cookie expires with the transaction', async () => {
    const agent = app.agent();
    const first = await agent.get('/protected');
    const authorize = await agent.get(first.location as string);
    const line = authorize.headers.getSetCookie().find((c) => c.startsWith('oauth2tx_'));
    expect(line).toMatch(new RegExp(`Max-Age=${TRANSACTION_TTL_MS / 1000}(;|$)`));
  });
});
