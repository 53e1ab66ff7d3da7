import { FlowExchangeError, OAuth2Error } from './errors.js';
import { OAuth2FlowClient } from './flow-client.js';
import { buildAuthorizeUrl, normalizeAuthParams } from './flows/authorize-url.js';
import { type Callback, type CallbackInput, readCallback } from './flows/callback.js';
import { buildCodeExchangeBody, postCodeExchange } from './flows/exchange.js';
import { PendingRequests } from './flows/pending-requests.js';
import { hideVerifier, sameText, stateMismatch } from './flows/state-check.js';
import type {
  AuthorizationRequest,
  ExchangeOptions,
  OAuth2WebServerFlowOptions,
} from './flows/web-server-flow-options.js';
import { checkRedirectUri } from './internal/endpoint-options.js';
import type { OAuth2Credentials } from './oauth2-credentials.js';
import { codeChallengeS256, generateCodeVerifier } from './pkce.js';

export type { CallbackInput } from './flows/callback.js';
export type {
  AuthorizationRequest,
  ExchangeOptions,
  OAuth2WebServerFlowOptions,
} from './flows/web-server-flow-options.js';

/**
 * The OAuth 2.0 authorization-code flow (with PKCE and `state` on by default) and, from
 * {@link OAuth2FlowClient}, the device flow (RFC 8628, with polling). Port of
 * `oauth2client.client.OAuth2WebServerFlow`.
 * `util.inspect` and `JSON.stringify` hide the client secret and pending verifiers.
 *
 * @throws {OAuth2Error} `code: 'invalid_argument'` without `scope`, or with a PKCE parameter in `params`.
 * @example
 * const flow = new OAuth2WebServerFlow({ clientId, clientSecret, scope: ['email'], redirectUri });
 * const { url } = flow.step1GetAuthorizeUrl();
 * // ...send the user to `url`; the provider redirects back to redirectUri?code=...&state=...
 * const credentials = await flow.step2Exchange(new URL(callbackUrl).searchParams);
 */
export class OAuth2WebServerFlow extends OAuth2FlowClient {
  readonly pkce: boolean;
  /** The authorization-URL parameters after defaults and `params`. */
  readonly params: Readonly<Record<string, string>>;
  readonly #pending = new PendingRequests();

  constructor(options: OAuth2WebServerFlowOptions) {
    super(options);
    this.pkce = options.pkce ?? true;
    this.params = Object.freeze(normalizeAuthParams(options.params));
  }

  /**
   * Build the URL that starts the authorization, with a fresh 256-bit `state`, (unless
   * `pkce: false`) a fresh S256 challenge and, when the scope includes `openid`, a 256-bit
   * `nonce` that the ID token must echo. The flow also remembers the request (the last 100),
   * so `step2Exchange` on this same object finds the verifier by the callback's `state`; a
   * server that runs step 2 elsewhere passes `codeVerifier`/`expectedState` back instead.
   *
   * @param options.redirectUri - overrides the flow's redirect URI for this request.
   * @param options.state - your own state value (default: 32 random bytes, base64url).
   * @throws {OAuth2Error} `code: 'invalid_argument'` when there is no redirect URI.
   * @example
   * const { url, state, codeVerifier, redirectUri } = flow.step1GetAuthorizeUrl();
   * session.oauth = { state, codeVerifier, redirectUri }; // server-side session only
   */
  step1GetAuthorizeUrl(
    options: { redirectUri?: string; state?: string } = {},
  ): AuthorizationRequest {
    const redirectUri = options.redirectUri ?? this.redirectUri;
    if (redirectUri === undefined) {
      throw new OAuth2Error('The value of redirect_uri must not be undefined.', {
        code: 'invalid_argument',
      });
    }
    checkRedirectUri(redirectUri);
    const codeVerifier = this.pkce ? generateCodeVerifier() : undefined;
    const nonce =
      this.params.nonce ?? (this.scope.split(' ').includes('openid') ? randomToken() : undefined);
    const state = this.params.state ?? options.state ?? randomToken();
    const url = buildAuthorizeUrl({
      authUri: this.authUri,
      clientId: this.clientId,
      redirectUri,
      scope: this.scope,
      state,
      loginHint: this.loginHint,
      codeChallenge: codeVerifier === undefined ? undefined : codeChallengeS256(codeVerifier),
      nonce,
      params: this.params,
    });
    const request: AuthorizationRequest = { url, state, redirectUri };
    if (codeVerifier !== undefined) request.codeVerifier = codeVerifier;
    if (nonce !== undefined) request.nonce = nonce;
    this.#pending.add(request);
    return hideVerifier(request);
  }

  /**
   * Exchange an authorization code for credentials. Pass the callback's query parameters (the
   * `error`, `code` and `state` are read and the state checked) or the code itself. The request
   * is sent once: a code is single-use, so nothing is retried after the body may have left.
   *
   * @throws {FlowExchangeError} the callback carries `error` (its value is the message) or no
   *   code; the state does not match (`code: 'state_mismatch'`); no verifier is known
   *   (`code: 'missing_code_verifier'`); the ID token lacks the nonce sent
   *   (`code: 'nonce_mismatch'`); the server refused (`error` + `error_description`, or
   *   `Invalid response: <status>.`); a transport failure (`code` of the cause).
   * @throws {VerifyJwtTokenError} the response's `id_token` is malformed.
   * @example
   * const credentials = await flow.step2Exchange(req.query, {
   *   expectedState: session.oauth.state,
   *   codeVerifier: session.oauth.codeVerifier,
   *   redirectUri: session.oauth.redirectUri,
   *   expectedNonce: session.oauth.nonce,
   * });
   */
  async step2Exchange(
    codeOrQuery: CallbackInput,
    options: ExchangeOptions = {},
  ): Promise<OAuth2Credentials> {
    const callback = readCallback(codeOrQuery);
    const { pending, codeVerifier } = this.#matchRequest(callback, options);
    const body = buildCodeExchangeBody({
      clientId: this.clientId,
      code: callback.code,
      scope: this.scope,
      clientSecret: this.clientSecret,
      codeVerifier,
      redirectUri: options.redirectUri ?? pending?.redirectUri ?? this.redirectUri,
    });
    const { signal } = options;
    const nonce = options.expectedNonce ?? pending?.nonce;
    return this.credentialsFrom(
      this.tokenUri,
      body,
      { signal, nonce, verifier: codeVerifier },
      () =>
        postCodeExchange(this.tokenUri, body, this.requestHeaders(), this.requestOptions(signal)),
    );
  }

  /** A redacted view for logs. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      pkce: this.pkce,
      params: this.params,
      pendingRequests: this.#pending.size,
    };
  }

  /**
   * Find the request this callback answers and check its state: by the received state among the
   * requests this object started, against `expectedState` when given, or (a bare code without
   * any state, as oauth2client allowed) the latest request.
   */
  #matchRequest(callback: Callback, options: ExchangeOptions) {
    const received = callback.state ?? options.state;
    let pending = received === undefined ? undefined : this.#pending.take(received);
    const expected = options.expectedState ?? pending?.state;
    if (expected !== undefined) {
      if (received === undefined || !sameText(received, expected)) throw stateMismatch();
    } else if (callback.fromQuery || received !== undefined) {
      throw stateMismatch();
    } else {
      pending = this.#pending.takeLatest();
    }
    const codeVerifier = options.codeVerifier ?? pending?.codeVerifier;
    if (this.pkce && codeVerifier === undefined) {
      throw new FlowExchangeError(
        'No PKCE code verifier for this code: pass the codeVerifier step1GetAuthorizeUrl returned.',
        { code: 'missing_code_verifier' },
      );
    }
    return { pending, codeVerifier };
  }
}

/** 32 random bytes, base64url. `node:crypto` is loaded on first use, not when core is imported. */
function randomToken(): string {
  return process.getBuiltinModule('node:crypto').randomBytes(32).toString('base64url');
}
