// Adversarial E1: every callback that does not answer a live transaction of this browser is a
// 400 "invalid state" with no token request; a replay reaches the provider at most once.
import { describe, expect, it } from 'vitest';
import { signIn, startSignIn, type TestApp, useTestApp, withQuery } from './helpers.js';

const app = useTestApp();

/** A real callback URL for a sign-in `agent` started (code not yet used). */
async function pendingCallback(agent = app.agent()) {
  const providerUrl = await startSignIn(agent);
  return { agent, callback: await app.op.completeAuthorization(providerUrl) };
}

async function expectRefused(
  agent: ReturnType<TestApp['agent']>,
  url: string,
  message: RegExp,
): Promise<void> {
  const before = app.tokenRequests();
  const res = await agent.get(url);
  expect(res.status).toBe(400);
  expect(res.text_).toMatch(message);
  expect(app.tokenRequests() - before).toBe(0);
}

describe('E1: state, replay, nonce, issuer', () => {
  it('no state: 400 invalid state, 0 token requests', async () => {
    const { agent, callback } = await pendingCallback();
    await expectRefused(
      agent,
      withQuery(callback, (q) => q.delete('state')),
      /Invalid state/,
    );
  });

  it('a wrong state: 400 invalid state, 0 token requests', async () => {
    const { agent, callback } = await pendingCallback();
    await expectRefused(
      agent,
      withQuery(callback, (q) => q.set('state', `${q.get('state')}x`)),
      /Invalid state/,
    );
  });

  it("another session's state and code (login CSRF): 400, 0 token requests", async () => {
    const attacker = await pendingCallback();
    const victim = app.agent();
    await victim.get('/set?v=victim'); // the victim has a session of their own
    await expectRefused(
      victim,
      `${attacker.callback.pathname}${attacker.callback.search}`,
      /Invalid state/,
    );
    // The attacker's own transaction is untouched by the victim's refused attempt.
    const own = await attacker.agent.get(
      `${attacker.callback.pathname}${attacker.callback.search}`,
    );
    expect(own.status).toBe(302);
  });

  it('state given twice: 400 invalid state, 0 token requests', async () => {
    const { agent, callback } = await pendingCallback();
    await expectRefused(
      agent,
      `${callback.pathname}${callback.search}&state=${callback.searchParams.get('state')}`,
      /Invalid state/,
    );
  });

  it('a replay of the same URL: the provider sees exactly 1 exchange', async () => {
    const { agent, callback } = await pendingCallback();
    const before = app.tokenRequests();
    const first = await agent.get(`${callback.pathname}${callback.search}`);
    expect(first.status).toBe(302);
    const replay = await agent.get(`${callback.pathname}${callback.search}`);
    expect(replay.status).toBe(400);
    expect(replay.text_).toMatch(/Invalid state/);
    // Replayed with the transaction cookie put back, from another browser too.
    const thief = app.agent();
    for (const [k, v] of agent.cookies) thief.cookies.set(k, v);
    expect((await thief.get(`${callback.pathname}${callback.search}`)).status).toBe(400);
    expect(app.tokenRequests() - before).toBe(1);
  });

  it('two concurrent replays: one wins, the provider sees 1 exchange', async () => {
    const { agent, callback } = await pendingCallback();
    const before = app.tokenRequests();
    const url = `${callback.pathname}${callback.search}`;
    const results = await Promise.all([agent.get(url), agent.get(url), agent.get(url)]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400]);
    expect(app.tokenRequests() - before).toBe(1);
  });

  it('a nonce mismatch in the ID token: 400 invalid nonce, nothing stored', async () => {
    const { agent, callback } = await pendingCallback();
    // Tamper with the recorded nonce: the ID token (which carries the sent one) no longer matches.
    const sessions = (app.store as unknown as { sessions: Record<string, string> }).sessions;
    for (const [key, json] of Object.entries(sessions)) {
      if (!key.startsWith('oauth2tx.')) continue;
      const record = JSON.parse(json);
      if (record.oauth2_transaction.state !== callback.searchParams.get('state')) continue;
      record.oauth2_transaction.nonce = 'another-nonce';
      sessions[key] = JSON.stringify(record);
    }
    const before = app.tokenRequests();
    const res = await agent.get(`${callback.pathname}${callback.search}`);
    expect(res.status).toBe(400);
    expect(res.text_).toMatch(/Invalid nonce/);
    // The nonce is in the ID token: one exchange is needed to see it.
    expect(app.tokenRequests() - before).toBe(1);
    expect((await agent.get('/protected')).status).toBe(302);
  });

  it('an iss that is not the provider, or none from a provider that sends it (RFC 9207): 400, 0 token requests', async () => {
    const a = await pendingCallback();
    await expectRefused(
      a.agent,
      withQuery(a.callback, (q) => q.set('iss', 'http://127.0.0.1:1')),
      /Invalid issuer/,
    );
    const b = await pendingCallback();
    expect(b.callback.searchParams.get('iss')).toBe(app.op.issuer);
    await expectRefused(
      b.agent,
      withQuery(b.callback, (q) => q.delete('iss')),
      /Invalid issuer/,
    );
  });

  it('PKCE: the verifier recorded is sent (the provider requires it); sign-in succeeds', async () => {
    const agent = app.agent();
    const providerUrl = new URL(await startSignIn(agent));
    expect(providerUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(providerUrl.searchParams.get('nonce')).toBeTruthy();
    const res = await agent.get((await app.op.completeAuthorization(providerUrl.href)).href);
    expect(res.status).toBe(302);
    expect((await agent.get('/protected')).text_).toContain('user@example.com');
  });

  it('a full sign-in still works after all of the above', async () => {
    const agent = app.agent();
    expect((await signIn(app, agent)).status).toBe(302);
  });
});
