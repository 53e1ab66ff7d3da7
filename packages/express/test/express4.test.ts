// Express 4 (a supported peer): the router and required() on an Express 4 app, signed in for
// real through oidc-provider.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOidcProvider } from '@oauth2/test-kit';
import session from 'express-session';
// @ts-expect-error: express 4 under an alias, without its own types (the API used is the same)
import express4 from 'express4';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOAuth2 } from '../src/index.js';
import { Agent } from './agent.js';
import { signIn, type TestApp } from './helpers.js';

let close: () => Promise<void>;
let app: Pick<TestApp, 'op'>;
let base: string;

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const op = await startOidcProvider({
    clients: [
      {
        client_id: 'v4',
        client_secret: 'v4-secret',
        redirect_uris: [`${base}/oauth2callback`],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { email: 'v4@example.com' },
  });
  app = { op };
  const oauth2 = createOAuth2({ clientId: 'v4', clientSecret: 'v4-secret', issuer: op.issuer });
  const v4 = express4();
  v4.use(session({ secret: 's', resave: false, saveUninitialized: false }));
  v4.use(oauth2.router);
  v4.get(
    '/protected',
    oauth2.required(),
    (req: { oauth2?: { email?: string } }, res: { send(s: string): void }) =>
      res.send(`v4 ${req.oauth2?.email}`),
  );
  server.on('request', v4);
  close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await op.close();
  };
});
afterAll(() => close?.());

it('signs in and serves a protected route on Express 4', async () => {
  expect(express4).toBeTypeOf('function');
  const agent = new Agent(base);
  const callback = await signIn(app as TestApp, agent);
  expect(callback.status).toBe(302);
  const page = await agent.get('/protected');
  expect(page.status).toBe(200);
  expect(page.text_).toBe('v4 v4@example.com');
  expect((await new Agent(base).get('/protected', { accept: 'application/json' })).status).toBe(
    401,
  );
});
