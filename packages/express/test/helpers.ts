import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  canary,
  type InteractionDecision,
  type InteractionSummary,
  type OidcProviderHandle,
  startOidcProvider,
  useResource,
} from '@oauth2/test-kit';
import express from 'express';
import session from 'express-session';
import { createOAuth2, type OAuth2Express, type OAuth2ExpressOptions } from '../src/index.js';
import { Agent } from './agent.js';

export const CLIENT_ID = 'web-app';

/** A test app on loopback, signed in through a real oidc-provider. */
export interface TestApp {
  url: string;
  op: OidcProviderHandle;
  oauth2: OAuth2Express;
  store: session.MemoryStore;
  clientSecret: string;
  /** Errors that reached the app's error handler. */
  errors: Error[];
  /** Authorization-code exchanges and refreshes the provider has answered. */
  tokenRequests(): number;
  /** Revocation requests the provider has answered. */
  revocations(): number;
  /** The pending transaction records in the session store, by store key. */
  transactions(): Map<string, Record<string, unknown>>;
  /** A fresh browser. */
  agent(): Agent;
  /** Decide the next logins (default: approve as `test-user`). */
  decide: { current?: ((i: InteractionSummary) => InteractionDecision) | undefined };
  close(): Promise<void>;
}

/** Options of {@link startTestApp}. */
export interface TestAppOptions {
  oauth2?: Partial<OAuth2ExpressOptions>;
  /** Serve https semantics: `trust proxy` and `X-Forwarded-Proto: https` from the test agent. */
  trustProxy?: boolean;
  claims?: Record<string, unknown>;
  /** Users by account id, for several-user tests. */
  users?: Record<string, Record<string, unknown>>;
  /** Access-token lifetime at the provider (seconds). */
  accessTokenTtl?: number;
  maxHeaderSize?: number;
}

/** A {@link startTestApp} app shared by the tests of this file (or `describe`), closed after them. */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  return useResource(
    () => startTestApp(options),
    (app) => app.close(),
    { per: 'file' },
  );
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const server: Server = createServer({ maxHeaderSize: options.maxHeaderSize ?? 16 * 1024 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = canary();
  const decide: TestApp['decide'] = {};
  const op = await startOidcProvider({
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [
          `${url}/oauth2callback`,
          `${url.replace('http:', 'https:')}/oauth2callback`,
        ],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: ['calendar', 'drive'],
    claims: { email: 'user@example.com', email_verified: true, ...options.claims },
    decide: (i) => decide.current?.(i) ?? { accountId: 'test-user' },
    ...(options.accessTokenTtl !== undefined && { ttl: { AccessToken: options.accessTokenTtl } }),
    ...(options.users && {
      configuration: {
        findAccount: (_ctx: unknown, sub: string) => ({
          accountId: sub,
          claims: () => ({ sub, ...options.users?.[sub] }),
        }),
      },
    }),
  });
  const oauth2 = createOAuth2({
    clientId: CLIENT_ID,
    clientSecret,
    issuer: op.issuer,
    scopes: ['openid', 'email'],
    ...options.oauth2,
  });
  const store = new session.MemoryStore();
  const errors: Error[] = [];
  const app = express();
  if (options.trustProxy) app.set('trust proxy', 'loopback');
  app.use(express.urlencoded({ extended: false }));
  app.use(
    session({ secret: 'test-session-secret', resave: false, saveUninitialized: false, store }),
  );
  app.use(oauth2.router);
  app.get('/', (req, res) => {
    res.type('text').send(`home ${req.oauth2?.email ?? 'anonymous'}`);
  });
  app.get('/protected', oauth2.required(), (req, res) => {
    res.type('text').send(`hello ${req.oauth2?.email} (${req.oauth2?.userId})`);
  });
  app.get('/calendar', oauth2.required({ scopes: ['calendar'] }), (req, res) => {
    res
      .type('text')
      .send(`calendar ${[...(req.oauth2?.credentials?.scopes ?? [])].sort().join(' ')}`);
  });
  app.get('/api/me', oauth2.required(), async (req, res) => {
    const me = await req.oauth2?.fetch(op.endpoints.userinfo);
    res.status(me?.status ?? 500).json(await me?.json());
  });
  app.get('/form', oauth2.required(), (req, res) => {
    res.json({ csrf: oauth2.csrfToken(req, 'delete') });
  });
  app.post('/delete', oauth2.required(), oauth2.verifyCsrf({ action: 'delete' }), (_req, res) => {
    res.type('text').send('deleted');
  });
  app.post('/logout', oauth2.logout(), (_req, res) => {
    res.json(res.locals.oauth2Logout);
  });
  app.get('/set', (req, res) => {
    (req.session as unknown as Record<string, unknown>).appData = req.query.v;
    res.type('text').send('ok');
  });
  app.get('/session', (req, res) => {
    res.json({ id: req.sessionID, data: req.session });
  });
  app.use(
    (err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(err);
      res.status(500).type('text').send('Internal error.');
    },
  );
  server.on('request', app);
  const count = (path: string) =>
    op.requests.filter((r) => r.method === 'POST' && r.path === path).length;
  return {
    url,
    op,
    oauth2,
    store,
    clientSecret,
    errors,
    tokenRequests: () => count('/token'),
    revocations: () => count('/token/revocation'),
    transactions: () => {
      const all = (store as unknown as { sessions: Record<string, string> }).sessions;
      const found = new Map<string, Record<string, unknown>>();
      for (const [key, json] of Object.entries(all)) {
        if (key.startsWith('oauth2tx.')) found.set(key, JSON.parse(json));
      }
      return found;
    },
    agent: () => new Agent(url, options.trustProxy ? { 'x-forwarded-proto': 'https' } : {}),
    decide,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await op.close();
    },
  };
}

/** Start a sign-in for `path` and return the provider URL the app redirected to. */
export async function startSignIn(agent: Agent, path = '/protected'): Promise<string> {
  const first = await agent.get(path);
  // Already signed in: start a sign-in explicitly, as a "switch account" link would.
  const next =
    first.status === 302 && first.location
      ? first.location
      : `/oauth2authorize?return_url=${encodeURIComponent(path)}`;
  const authorize = await agent.get(next);
  if (authorize.status !== 302 || !authorize.location) {
    throw new Error(`expected the authorize redirect, got ${authorize.status}: ${authorize.text_}`);
  }
  return authorize.location;
}

/** Full sign-in: the provider logs the user in; returns the callback response. */
export async function signIn(app: TestApp, agent: Agent, path = '/protected') {
  const providerUrl = await startSignIn(agent, path);
  const callback = await app.op.completeAuthorization(providerUrl);
  return agent.get(callback.href);
}

/** Rewrite a callback URL's query (e.g. drop or replace `state`), keeping the path. */
export function withQuery(callback: URL, edit: (q: URLSearchParams) => void): string {
  const q = new URLSearchParams(callback.search);
  edit(q);
  return `${callback.pathname}?${q}`;
}

/** The raw session record the store keeps for a session id. */
export function storedSession(app: TestApp, id: string): Record<string, unknown> | undefined {
  const json = (app.store as unknown as { sessions: Record<string, string> }).sessions[id];
  return json === undefined ? undefined : JSON.parse(json);
}

/** The session id behind an agent's `connect.sid` cookie (`s:<id>.<signature>`). */
export function sessionIdOf(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  const value = decodeURIComponent(cookie);
  return value.startsWith('s:') ? value.slice(2, value.lastIndexOf('.')) : undefined;
}
