import { randomBytes } from 'node:crypto';
import { OAuth2Error, systemClock } from '@oauth2/core';
import { XsrfTokens } from '@oauth2/xsrf';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Store } from 'express-session';
import { parseCallbackQuery } from './internal/callback-query.js';
import { resolveClient } from './internal/client-config.js';
import { completeSignIn } from './internal/complete-sign-in.js';
import { parseCookies, serializeCookie } from './internal/cookies.js';
import { type CredentialAccess, CredentialSource } from './internal/credential-source.js';
import {
  requireSession,
  sessionHandle,
  transactionStore,
} from './internal/express-session-adapter.js';
import { escapeHtml, page } from './internal/html.js';
import { discoverProvider, googleProvider, type ProviderConfig } from './internal/provider.js';
import { safeReturnUrl } from './internal/return-url.js';
import { missingScopes, scopeList } from './internal/scopes.js';
import {
  SESSION_KEYS,
  type SessionUser,
  sessionList,
  sessionUser,
} from './internal/session-keys.js';
import { SessionLocks } from './internal/session-storage.js';
import { SignIn } from './internal/sign-in.js';
import { TRANSACTION_TTL_MS, transactionCookieName } from './internal/transactions.js';
import type {
  AuthorizeUrlOptions,
  LogoutOptions,
  LogoutReport,
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

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

function sendPage(res: Response, status: number, title: string, bodyHtml: string): void {
  res
    .status(status)
    .type('html')
    .set('x-content-type-options', 'nosniff')
    .send(page(title, bodyHtml));
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

  router.get(authorizePath, async (req, res, next) => {
    try {
      const handle = sessionHandle(req);
      const query = req.query as Record<string, unknown>;
      const returnUrl = safeReturnUrl(
        typeof query.return_url === 'string' ? query.return_url : refererPath(req),
      );
      const summary = accessOf.get(req)?.summary();
      const granted = summary?.usable ? [...summary.scopes] : [];
      const loginHint =
        typeof query.login_hint === 'string' ? { login_hint: query.login_hint } : {};
      const started = await signIn.start({
        scopes: [...new Set([...scopes, ...scopeList(query.scopes), ...granted])],
        returnUrl,
        redirectUri: redirectUri(req),
        hasRefreshToken: summary?.hasRefreshToken ?? false,
        pending: sessionList(handle.data, SESSION_KEYS.pending),
        params: loginHint,
      });
      handle.data[SESSION_KEYS.pending] = started.pending;
      res.set(NO_STORE);
      res.append(
        'set-cookie',
        serializeCookie(started.cookieName, started.cookieValue, {
          path: callbackPath,
          maxAgeSec: TRANSACTION_TTL_MS / 1000,
          secure: req.secure,
        }),
      );
      res.redirect(302, started.url);
    } catch (err) {
      next(err);
    }
  });

  router.get(callbackPath, async (req, res, next) => {
    res.set(NO_STORE);
    try {
      const raw = req.originalUrl.includes('?')
        ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
        : '';
      const query = parseCallbackQuery(raw);
      if (query === 'too_long')
        return void res.status(414).type('text').send('Request URI too long.');
      if (query === 'malformed') return void res.status(400).type('text').send('Invalid request.');
      if (query === 'repeated')
        return void res.status(400).type('text').send('Invalid state: a parameter is repeated.');
      if (query.state) {
        res.append(
          'set-cookie',
          serializeCookie(transactionCookieName(query.state), '', {
            path: callbackPath,
            maxAgeSec: 0,
            secure: req.secure,
          }),
        );
      }
      const result = await signIn.finish(query, parseCookies(req.headers.cookie));
      if (!result.ok) {
        return void sendPage(
          res,
          result.status,
          'Sign-in failed',
          `<p>${escapeHtml(result.message)}</p>`,
        );
      }
      const handle = sessionHandle(req);
      await completeSignIn(handle, result, source);
      hardenSessionCookie(req); // the regenerated session has a fresh cookie
      await options.onSignIn?.(req, result.credentials);
      res.redirect(302, safeReturnUrl(result.transaction.returnUrl));
    } catch (err) {
      next(err);
    }
  });

  const required = (opts: RequiredOptions = {}): RequestHandler => {
    return async (req, res, next) => {
      try {
        const access = accessOf.get(req);
        if (!access) {
          throw new OAuth2Error('req.oauth2 is missing: mount oauth2.router before required().');
        }
        const returnUrl = opts.returnUrl ?? req.originalUrl;
        const summary = access.summary();
        const signedIn = summary?.usable === true;
        const wanted = [...scopes, ...(opts.scopes ?? [])];
        const missing = missingScopes(summary?.scopes ?? new Set(), wanted);
        if (signedIn && missing.length === 0) {
          // The common case costs a JSON.parse; the credential is built only to refresh.
          if (summary.fresh) return next();
          const credentials = access.credentials();
          if (credentials && (await freshToken(credentials))) return next();
        } else if (signedIn) {
          const declined = sessionList(sessionHandle(req).data, SESSION_KEYS.declined);
          const retry = authorizeUrl(returnUrl, { scopes: missing });
          if (missing.every((s) => declined.includes(s))) {
            return void insufficientScope(req, res, missing, retry);
          }
          if (wantsJson(req)) return void insufficientScope(req, res, missing, retry);
          return void res.redirect(302, retry);
        }
        const signInUrl = authorizeUrl(returnUrl, { scopes: opts.scopes ?? [] });
        if (wantsJson(req)) {
          return void res.status(401).json({ error: 'login_required', authorize_url: signInUrl });
        }
        res.redirect(302, signInUrl);
      } catch (err) {
        next(err);
      }
    };
  };

  const logout = (opts: LogoutOptions = {}): RequestHandler => {
    return async (req, res, next) => {
      try {
        const handle = sessionHandle(req);
        const report: LogoutReport = { revoked: true };
        const credentials = req.oauth2?.credentials;
        if (credentials && (credentials.refreshToken || credentials.accessToken)) {
          try {
            await credentials.revoke();
          } catch (err) {
            report.revoked = false;
            report.error = err instanceof Error ? err : new Error(String(err));
          }
        }
        await source.remove(handle);
        await handle.destroy();
        res.clearCookie(opts.sessionCookieName ?? 'connect.sid', { path: '/' });
        res.locals.oauth2Logout = report;
        if (opts.returnUrl !== undefined)
          return void res.redirect(303, safeReturnUrl(opts.returnUrl));
        next();
      } catch (err) {
        next(err);
      }
    };
  };

  const csrfUser = (req: Request): string =>
    req.oauth2?.userId !== undefined ? `user:${req.oauth2.userId}` : `session:${req.sessionID}`;

  return {
    router,
    required,
    authorizeUrl,
    logout,
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

/** Session cookie: always HttpOnly, SameSite=Lax unless set stricter, Secure under https. */
function hardenSessionCookie(req: Request): void {
  const cookie = req.session.cookie;
  cookie.httpOnly = true;
  if (!cookie.sameSite) cookie.sameSite = 'lax';
  if (req.secure) cookie.secure = true;
}

/** The path of a same-host `Referer`, the original's default return URL. */
function refererPath(req: Request): string | undefined {
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.host === req.get('host') ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

/** Refresh an expiring token before the route runs; false when the grant is gone. */
async function freshToken(credentials: import('@oauth2/core').OAuth2Credentials): Promise<boolean> {
  try {
    await credentials.getAccessToken();
    return true;
  } catch (err) {
    if (credentials.invalid) return false;
    throw err;
  }
}

function insufficientScope(req: Request, res: Response, missing: string[], retry: string): void {
  if (wantsJson(req)) {
    res.status(403).json({ error: 'insufficient_scope', scopes: missing, authorize_url: retry });
    return;
  }
  sendPage(
    res,
    403,
    'Insufficient scope',
    `<h1>Insufficient scope</h1><p>This page needs access you did not grant: ${escapeHtml(missing.join(', '))}.</p><p><a href="${escapeHtml(retry)}">Try again</a></p>`,
  );
}
