// No secret reaches the browser, an error or an inspect: the client secret is a canary, and a
// whole journey (sign-in, API call, failures, logout) is checked.
import { inspect } from 'node:util';
import { OAuth2Credentials } from '@oauth2/core';
import { assertNoCanary } from '@oauth2/test-kit';
import { expect, it } from 'vitest';
import { signIn, useTestApp, withQuery } from './helpers.js';

const app = useTestApp();

it('a full journey shows the browser no secret, and the stored credential is redacted in inspect', async () => {
  const agent = app.agent();
  const callback = await signIn(app, agent);
  expect(callback.status).toBe(302);
  expect((await agent.get('/protected')).text_).toBe('hello user@example.com (test-user)');
  expect((await agent.get('/api/me')).status).toBe(200);
  await agent.get('/oauth2callback?code=x&state=y');
  await agent.get('/oauth2callback?error=server_error&error_description=boom');
  const again = app.op.completeAuthorization(
    (await agent.get('/oauth2authorize?return_url=/')).location as string,
  );
  await agent.get(withQuery(await again, (q) => q.set('code', 'bad-code')));
  const session = JSON.parse((await agent.get('/session')).text_);
  await agent.request('/logout', { method: 'POST' });
  // The session (server-side) does hold the client secret, as oauth2client's JSON does...
  expect(session.data.google_oauth2_credentials).toContain(app.clientSecret);
  // ...but the /session route is a test route; strip it and check everything else the browser saw.
  const seen = agent.seen.filter((s) => !s.includes(' /session\n'));
  expect(seen.length).toBeGreaterThan(8);
  assertNoCanary(seen.join('\n'), 'responses');
  assertNoCanary(app.errors, 'errors');
  expect(inspect(app.oauth2, { depth: 5 })).not.toContain(app.clientSecret);
  assertNoCanary(OAuth2Credentials.fromJson(session.data.google_oauth2_credentials), 'credentials');
});
