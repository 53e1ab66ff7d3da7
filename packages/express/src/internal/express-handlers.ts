import type { OAuth2Credentials } from '@oauth2/core';
import { OAuth2Error } from '@oauth2/core';
import type { Request, RequestHandler, Response } from 'express';
import type {
  AuthorizeUrlOptions,
  LogoutOptions,
  LogoutReport,
  OAuth2ExpressOptions,
  RequiredOptions,
} from '../options.js';
import { parseCallbackQuery } from './callback-query.js';
import { completeSignIn } from './complete-sign-in.js';
import { parseCookies, serializeCookie } from './cookies.js';
import type { CredentialAccess, CredentialSource } from './credential-source.js';
import { sessionHandle } from './express-session-adapter.js';
import { escapeHtml, page } from './html.js';
import { safeReturnUrl } from './return-url.js';
import { missingScopes, scopeList } from './scopes.js';
import { SESSION_KEYS, sessionList } from './session-keys.js';
import type { SignIn } from './sign-in.js';
import { TRANSACTION_TTL_MS, transactionCookieName } from './transactions.js';

/** What the Express handlers share (built once by `createOAuth2`). */
export interface HandlerDeps {
  signIn: SignIn;
  source: CredentialSource;
  /** The configured scopes (with `openid`). */
  scopes: readonly string[];
  callbackPath: string;
  /** Each request's credential view, set by the router's per-request middleware. */
  accessOf: WeakMap<Request, CredentialAccess>;
  authorizeUrl(returnUrl: string, options?: AuthorizeUrlOptions): string;
  redirectUri(req: Request): string;
  onSignIn: OAuth2ExpressOptions['onSignIn'];
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

/** GET authorizePath: record a transaction and send the browser to the provider. */
export function authorizeHandler(deps: HandlerDeps): RequestHandler {
  const { signIn, scopes, callbackPath, accessOf } = deps;
  return async (req, res, next) => {
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
        redirectUri: deps.redirectUri(req),
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
  };
}

/**
 * GET callbackPath: finish the sign-in. Failures are plain pages that echo no input; success
 * regenerates the session and redirects to the transaction's return URL.
 */
export function callbackHandler(deps: HandlerDeps): RequestHandler {
  const { signIn, source, callbackPath } = deps;
  return async (req, res, next) => {
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
      await deps.onSignIn?.(req, result.credentials);
      res.redirect(302, safeReturnUrl(result.transaction.returnUrl));
    } catch (err) {
      next(err);
    }
  };
}

/** `required()`: see {@link OAuth2Express.required}. */
export function requiredHandler(deps: HandlerDeps, opts: RequiredOptions): RequestHandler {
  const { scopes, accessOf, authorizeUrl } = deps;
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
}

/** `logout()`: see {@link OAuth2Express.logout}. */
export function logoutHandler(deps: HandlerDeps, opts: LogoutOptions): RequestHandler {
  const { source } = deps;
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
}

/** Session cookie: always HttpOnly, SameSite=Lax unless set stricter, Secure under https. */
export function hardenSessionCookie(req: Request): void {
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
async function freshToken(credentials: OAuth2Credentials): Promise<boolean> {
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
