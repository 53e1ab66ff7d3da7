import { randomBytes } from 'node:crypto';
import { systemClock } from '@oauth2/core';
import { XsrfTokens } from '@oauth2/xsrf';
import { type Request, type RequestHandler, Router } from 'express';
import type { Store } from 'express-session';
import { resolveClient } from './internal/client-config.js';
import { type CredentialAccess, CredentialSource } from './internal/credential-source.js';
import {
  authorizeHandler,
  callbackHandler,
  type HandlerDeps,
  hardenSessionCookie,
  logoutHandler,
  requiredHandler,
} from './internal/express-handlers.js';
import {
  requireSession,
  sessionHandle,
  transactionStore,
} from './internal/express-session-adapter.js';
import { discoverProvider, googleProvider, type ProviderConfig } from './internal/provider.js';
import { type SessionUser, sessionUser } from './internal/session-keys.js';
import { SessionLocks } from './internal/session-storage.js';
import { SignIn } from './internal/sign-in.js';
import type {
  AuthorizeUrlOptions,
  LogoutOptions,
  OAuth2ExpressOptions,
  RequiredOptions,
  VerifyCsrfOptions,
} from './options.js';
import { requestContext } from './request-context.js';

/** What `createOAuth2` returns. */
export interface OAuth2Express {
  /** Mount at the app root, after `express-session`: the authorize and callback routes, and `req.oauth2`. */
  router: Router;
  /** Middleware: let the request through only with credentials holding every needed scope. */
  required(options?: RequiredOptions): RequestHandler;
  /** The path that starts a sign-in coming back to `returnUrl` (e.g. for a "Sign in" link). */
  authorizeUrl(returnUrl: string, options?: AuthorizeUrlOptions): string;
  /** Middleware: revoke the token, delete the stored credential, destroy the session. */
  logout(options?: LogoutOptions): RequestHandler;
  /** A CSRF token for a form of this user (or anonymous session), bound to `action`. */
  csrfToken(req: Request, action?: string): string;
  /** Middleware: 403 unless the request carries a valid CSRF token (`_csrf` field or `x-csrf-token` header). */
  verifyCsrf(options?: VerifyCsrfOptions): RequestHandler;
  /** Resolves once the provider is known (OpenID discovery done); rejects when it cannot be. */
  ready(): Promise<void>;
}

/**
 * Sign users in with OAuth 2.0 / OpenID Connect and give routes their server-side credentials.
 * Port of `oauth2client.flask_util.UserOAuth2`, with per-tab transactions, PKCE, nonce and
 * issuer checks, same-origin return URLs, session regeneration and incremental scopes.
 *
 * @throws {OAuth2ConfigurationError} no client configured (oauth2client's message).
 * @throws {UnknownClientSecretsFlowError} a client-secrets file that is not of type `web`.
 * @throws {InvalidClientSecretsError} an unreadable or invalid client-secrets file.
 * @example
 * const oauth2 = createOAuth2({ clientId, clientSecret, scopes: ['openid', 'email'] });
 * app.use(session({ secret, resave: false, saveUninitialized: false }));
 * app.use(oauth2.router);
 * app.get('/', oauth2.required(), (req, res) => res.send(`Hello ${req.oauth2?.email}`));
 */
export function createOAuth2(options: OAuth2ExpressOptions = {}): OAuth2Express {
  const client = resolveClient(options, options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const fetch = options.fetch;
  const scopes = [...new Set(['openid', ...(options.scopes ?? ['openid', 'email'])])];
  const authorizePath = options.authorizePath ?? '/oauth2authorize';
  const callbackPath = options.callbackPath ?? '/oauth2callback';
  const xsrf = new XsrfTokens(options.csrfSecret ?? randomBytes(32));
  const locks = new SessionLocks();
  const source = new CredentialSource(options.storage, locks, { fetch, clock });

  let provider: Promise<ProviderConfig> | undefined;
  const getProvider = (): Promise<ProviderConfig> => {
    if (!provider) {
      provider =
        options.issuer === undefined
          ? Promise.resolve(googleProvider(client))
          : discoverProvider(options.issuer, fetch);
      provider.catch(() => {
        provider = undefined; // try again on the next request
      });
    }
    return provider;
  };

  let sessionStore: Store | undefined;
  const lateStore = transactionStore({
    get: (...args: Parameters<Store['get']>) => (sessionStore as Store).get(...args),
    set: (...args: Parameters<Store['set']>) => (sessionStore as Store).set(...args),
    destroy: (...args: Parameters<Store['destroy']>) => (sessionStore as Store).destroy(...args),
  } as Store);
  const signIn = new SignIn({
    client,
    provider: getProvider,
    store: lateStore,
    fetch,
    clock,
    params: { ...options.params },
  });

  const authorizeUrl = (returnUrl: string, opts: AuthorizeUrlOptions = {}): string => {
    const query = new URLSearchParams({ return_url: returnUrl });
    for (const scope of opts.scopes ?? []) query.append('scopes', scope);
    if (opts.loginHint !== undefined) query.set('login_hint', opts.loginHint);
    return `${authorizePath}?${query}`;
  };

  const redirectUri = (req: Request): string =>
    `${options.baseUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`}${callbackPath}`;

  const router = Router();
  const accessOf = new WeakMap<Request, CredentialAccess>();

  // Per request: harden the session cookie and expose req.oauth2. Synchronous (nothing parsed)
  // unless credentials live in a `Storage`.
  router.use((req, _res, next) => {
    let access: CredentialAccess | Promise<CredentialAccess>;
    let user: SessionUser | undefined;
    try {
      requireSession(req);
      sessionStore ??= req.sessionStore;
      hardenSessionCookie(req);
      const handle = sessionHandle(req);
      user = sessionUser(handle.data);
      access = source.access(handle, user, clock.now());
    } catch (err) {
      return next(err);
    }
    const attach = (ready: CredentialAccess): void => {
      accessOf.set(req, ready);
      req.oauth2 = requestContext(user, ready);
      next();
    };
    if (access instanceof Promise) access.then(attach, next);
    else attach(access);
  });

  const csrfUser = (req: Request): string =>
    req.oauth2?.userId !== undefined ? `user:${req.oauth2.userId}` : `session:${req.sessionID}`;

  const deps: HandlerDeps = {
    signIn,
    source,
    scopes,
    callbackPath,
    accessOf,
    authorizeUrl,
    redirectUri,
    onSignIn: options.onSignIn,
  };
  router.get(authorizePath, authorizeHandler(deps));
  router.get(callbackPath, callbackHandler(deps));

  return {
    router,
    required: (opts = {}) => requiredHandler(deps, opts),
    authorizeUrl,
    logout: (opts = {}) => logoutHandler(deps, opts),
    csrfToken: (req, action = 'form') => xsrf.generate(csrfUser(req), action),
    verifyCsrf:
      (opts = {}) =>
      (req, res, next) => {
        const body = req.body as Record<string, unknown> | undefined;
        const token = typeof body?._csrf === 'string' ? body._csrf : req.get('x-csrf-token');
        if (token && xsrf.validate(token, csrfUser(req), opts.action ?? 'form')) return next();
        res.status(403).type('text').send('Invalid CSRF token.');
      },
    ready: async () => {
      await getProvider();
    },
  };
}
