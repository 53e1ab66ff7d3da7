import type { FetchLike, OAuth2Credentials } from '@oauth2/core';

/** `req.oauth2`: the signed-in user and their credentials, set by `oauth2.router`. */
export interface OAuth2RequestContext {
  /** The verified ID-token `sub`, or undefined when nobody is signed in. */
  readonly userId: string | undefined;
  /** The verified ID-token `email`, when the provider gave one. */
  readonly email: string | undefined;
  /** The user's credentials (they refresh themselves, under the store's lock). */
  readonly credentials: OAuth2Credentials | undefined;
  /** Credentials exist, are not invalid, and are not expired without a refresh token. */
  hasCredentials(): boolean;
  /**
   * `fetch` with the user's access token (refreshed when needed).
   * @throws {OAuth2Error} `No credentials available.` when nobody is signed in.
   */
  readonly fetch: FetchLike;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by `oauth2.router` from `@oauth2/express`. */
      oauth2?: OAuth2RequestContext;
    }
  }
}
