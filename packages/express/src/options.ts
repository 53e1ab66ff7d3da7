import type { Clock, FetchLike, OAuth2Credentials, Storage } from '@oauth2/core';
import type { XsrfKey } from '@oauth2/xsrf';
import type { Request } from 'express';

/**
 * Options of `createOAuth2`. The client is found in oauth2client's order: `clientId` +
 * `clientSecret`; `clientSecretsFile`; env `GOOGLE_OAUTH2_CLIENT_SECRETS_FILE`; env
 * `GOOGLE_OAUTH2_CLIENT_ID` + `GOOGLE_OAUTH2_CLIENT_SECRET`.
 */
export interface OAuth2ExpressOptions {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** A `client_secrets.json` of type `web` (its endpoints are used too). */
  clientSecretsFile?: string | undefined;
  /**
   * Any OpenID provider, by issuer URL (endpoints from OpenID discovery). Default: Google.
   */
  issuer?: string | undefined;
  /** Scopes every signed-in user grants (default `['openid', 'email']`; `openid` is always added). */
  scopes?: readonly string[] | undefined;
  /** Path of the authorize step (default `/oauth2authorize`). Mount the router at the app root. */
  authorizePath?: string | undefined;
  /** Path of the callback (default `/oauth2callback`); register `<origin><callbackPath>` with the provider. */
  callbackPath?: string | undefined;
  /**
   * The app's external origin (e.g. `https://app.example.com`) for the redirect URI. Default: the
   * request's protocol and host (`trust proxy` honoured). Set it in production behind a proxy.
   */
  baseUrl?: string | undefined;
  /**
   * Keep credentials in this storage, keyed by the verified ID-token `sub`, instead of the
   * session (so background jobs can use them). Default: the session.
   */
  storage?: ((userId: string) => Storage | Promise<Storage>) | undefined;
  /** Extra authorization-URL parameters for every sign-in (oauth2client's `**kwargs`). */
  params?: Readonly<Record<string, string>> | undefined;
  /**
   * Key of the CSRF tokens (`csrfToken`/`verifyCsrf`), at least 32 bytes. Default: random per
   * process (set it when several instances serve one app).
   */
  csrfSecret?: XsrfKey | undefined;
  /** Called after a successful sign-in, before the redirect (the original's `authorize_callback`). */
  onSignIn?: ((req: Request, credentials: OAuth2Credentials) => void | Promise<void>) | undefined;
  /** Transport for discovery, certificates, token and revoke requests. */
  fetch?: FetchLike | undefined;
  /** Clock (tests). */
  clock?: Clock | undefined;
  /** Environment read for the client (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
}

/** Options of `required()`. */
export interface RequiredOptions {
  /** Scopes this route needs on top of the configured ones. */
  scopes?: readonly string[] | undefined;
  /** Where to come back after signing in (default: this request's URL). */
  returnUrl?: string | undefined;
}

/** Options of `authorizeUrl()`. */
export interface AuthorizeUrlOptions {
  /** Scopes to ask for on top of the configured ones. */
  scopes?: readonly string[] | undefined;
  /** Suggest an account (`login_hint`). */
  loginHint?: string | undefined;
}

/** Options of `logout()`. */
export interface LogoutOptions {
  /** Redirect (303) here afterwards; without it the next handler runs. */
  returnUrl?: string | undefined;
  /** The session cookie's name, cleared on logout (default `connect.sid`, express-session's). */
  sessionCookieName?: string | undefined;
}

/** What `logout()` did, in `res.locals.oauth2Logout`. */
export interface LogoutReport {
  /** The token was revoked at the provider (or there was none to revoke). */
  revoked: boolean;
  /** Why the revoke failed; the user is signed out locally anyway. */
  error?: Error;
}

/** Options of `verifyCsrf()`. */
export interface VerifyCsrfOptions {
  /** The action the token was made for (default `form`). */
  action?: string | undefined;
}
