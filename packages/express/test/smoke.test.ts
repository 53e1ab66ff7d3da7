import { afterAll, beforeAll, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

it('signs in against oidc-provider and reaches the protected page', async () => {
  const agent = app.agent();
  const callback = await signIn(app, agent).catch((err) => {
    throw new Error(`${err}: ${app.errors.map((e) => e.stack).join('\n')}`);
  });
  expect(callback.status, callback.text_).toBe(302);
  expect(callback.location).toBe('/protected');
  const page = await agent.get('/protected');
  expect(page.text_).toBe('hello user@example.com (test-user)');
  const api = await agent.get('/api/me');
  expect(await api.status).toBe(200);
});
