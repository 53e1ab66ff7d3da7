// Transactions live in the session store: a sign-in started on one instance completes on another
// (two processes behind one origin share a store; here two apps share one).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOAuth2 } from '../src/index.js';
import { CLIENT_ID, startSignIn, startTestApp, type TestApp } from './helpers.js';

let app: TestApp;
let other: { url: string; close(): Promise<void> };

beforeAll(async () => {
  app = await startTestApp();
  const oauth2 = createOAuth2({
    clientId: CLIENT_ID,
    clientSecret: app.clientSecret,
    issuer: app.op.issuer,
  });
  const second = express();
  second.use(
    session({
      secret: 'test-session-secret',
      resave: false,
      saveUninitialized: false,
      store: app.store,
    }),
  );
  second.use(oauth2.router);
  second.get('/protected', oauth2.required(), (req, res) => {
    res.type('text').send(`second ${req.oauth2?.email}`);
  });
  const server = createServer(second);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  other = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
});
afterAll(async () => {
  await other?.close();
  await app?.close();
});

it('an authorize step on instance A, the callback on instance B: signed in on both', async () => {
  const agent = app.agent();
  const callback = await app.op.completeAuthorization(await startSignIn(agent));
  const before = app.tokenRequests();
  const res = await agent.get(`${other.url}${callback.pathname}${callback.search}`);
  expect(res.status, res.text_).toBe(302);
  expect(app.tokenRequests() - before).toBe(1);
  expect((await agent.get(`${other.url}/protected`)).text_).toBe('second user@example.com');
  expect((await agent.get('/protected')).status).toBe(200);
});
