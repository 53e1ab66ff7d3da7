import type { Clock } from '../http/clock.js';
import type { FetchLike } from '../http/request.js';

/** Options of `OAuth2WebServerFlow`. Endpoints default to Google's current ones. */
export interface OAuth2WebServerFlowOptions {
  clientId: string;
  /**
   * Sent in the body of the code exchange and of both device-flow requests; omitted when absent
   * (public clients rely on PKCE).
   */
  clientSecret?: string | undefined;
  /** Required; a list is joined with spaces. An empty string is allowed. */
  scope: string | Iterable<string>;
  /** Where the provider sends the user back; may also be given to `step1GetAuthorizeUrl`. */
  redirectUri?: string | undefined;
  userAgent?: string | undefined;
  authUri?: string | undefined;
  tokenUri?: string | undefined;
  revokeUri?: string | undefined;
  deviceUri?: string | undefined;
  tokenInfoUri?: string | undefined;
  loginHint?: string | undefined;
  /**
   * Sent as `Authorization` on the code exchange and both device-flow requests (then usually
   * without a client secret), e.g. `Basic base64(id:secret)` for `client_secret_basic`.
   */
  authorizationHeader?: string | undefined;
  /** PKCE S256 (RFC 7636); on by default. */
  pkce?: boolean | undefined;
  /**
   * Extra authorization-URL parameters (oauth2client's `**kwargs`): applied last, so they may
   * override `access_type=offline`, `response_type=code` or `state`. `approval_prompt: 'force'`
   * becomes `prompt=consent`.
   */
  params?: Readonly<Record<string, string | number | boolean | undefined>> | undefined;
  fetch?: FetchLike | undefined;
  /** Clock for expiry and device polling; defaults to the system clock. */
  clock?: Clock | undefined;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /**
   * Accept plain `http:` endpoints on non-loopback hosts (default false: refused at construction
   * with `InsecureEndpointError`, as oauth4webapi does). For test servers only.
   */
  allowInsecureRequests?: boolean | undefined;
}

/** What `OAuth2WebServerFlow.step1GetAuthorizeUrl` returns; keep it server-side. */
export interface AuthorizationRequest {
  /** Send the user here. */
  url: string;
  /** The `state` in `url`; check it on return (pass it back as `expectedState`). */
  state: string;
  /** The PKCE verifier (absent with `pkce: false`); a secret, never put it in a URL or cookie. */
  codeVerifier?: string;
  /**
   * The OpenID Connect `nonce` in `url` (sent when the scope includes `openid`); the ID token
   * must carry it back (pass it as `expectedNonce`).
   */
  nonce?: string;
  /** The `redirect_uri` in `url`, needed again by the exchange. */
  redirectUri: string;
}

/** Options of `OAuth2WebServerFlow.step2Exchange`. */
export interface ExchangeOptions {
  /** The verifier step 1 returned; needed when this flow object did not run step 1 itself. */
  codeVerifier?: string | undefined;
  /** The state step 1 returned; the callback's state must equal it. */
  expectedState?: string | undefined;
  /** The nonce step 1 returned; the ID token's `nonce` must equal it. */
  expectedNonce?: string | undefined;
  /** The state the callback carried, when you pass the code as a string. */
  state?: string | undefined;
  /** The redirect URI of step 1, when this flow object did not run step 1 itself. */
  redirectUri?: string | undefined;
  signal?: AbortSignal | undefined;
}
