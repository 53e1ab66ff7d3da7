import { DeviceFlowInfo } from './device-flow.js';
import { FlowExchangeError, OAuth2Error } from './errors.js';
import { buildAuthorizeUrl, normalizeAuthParams } from './flows/authorize-url.js';
import { type Callback, type CallbackInput, readCallback } from './flows/callback.js';
import { credentialsOptionsFromTokens } from './flows/credentials-from-tokens.js';
import { pollDeviceToken } from './flows/device-polling.js';
import { requestDeviceCodes } from './flows/device-request.js';
import {
  buildCodeExchangeBody,
  buildDeviceAuthorizationBody,
  buildDeviceTokenBody,
  exchangeTransportError,
  flowRequestHeaders,
  interpretExchangeResponse,
  postFormOnce,
} from './flows/exchange.js';
import { PendingRequests } from './flows/pending-requests.js';
import { hideVerifier, sameText, stateMismatch } from './flows/state-check.js';
import type {
  AuthorizationRequest,
  ExchangeOptions,
  OAuth2WebServerFlowOptions,
} from './flows/web-server-flow-options.js';
import { type Clock, systemClock } from './http/clock.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike, type HttpResponse } from './http/request.js';
import { requestSecrets, withScrubbedErrors } from './http/scrub.js';
import { checkFlowEndpoints, checkRedirectUri } from './internal/endpoint-options.js';
import { inspectCustom, REDACTED } from './internal/redact.js';
import { OAuth2Credentials } from './oauth2-credentials.js';
import { codeChallengeS256, generateCodeVerifier } from './pkce.js';
import { scopesToString } from './scopes.js';
import {
  GOOGLE_AUTH_URI,
  GOOGLE_DEVICE_URI,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_INFO_URI,
  GOOGLE_TOKEN_URI,
} from './wire/endpoints.js';

export type { CallbackInput } from './flows/callback.js';
export type {
  AuthorizationRequest,
  ExchangeOptions,
  OAuth2WebServerFlowOptions,
} from './flows/web-server-flow-options.js';

/**
 * The OAuth 2.0 authorization-code flow (with PKCE and `state` on by default) and the device
 * flow (RFC 8628, with polling). Port of `oauth2client.client.OAuth2WebServerFlow`.
 * `util.inspect` and `JSON.stringify` hide the client secret and pending verifiers.
 *
 * @throws {OAuth2Error} `code: 'invalid_argument'` without `scope`, or with a PKCE parameter in `params`.
 * @example
 * const flow = new OAuth2WebServerFlow({ clientId, clientSecret, scope: ['email'], redirectUri });
 * const { url } = flow.step1GetAuthorizeUrl();
 * // ...send the user to `url`; the provider redirects back to redirectUri?code=...&state=...
 * const credentials = await flow.step2Exchange(new URL(callbackUrl).searchParams);
 */
export class OAuth2WebServerFlow {
  readonly clientId: string;
  readonly scope: string;
  readonly redirectUri: string | undefined;
  readonly userAgent: string | undefined;
  readonly authUri: string;
  readonly tokenUri: string;
  readonly revokeUri: string;
  readonly deviceUri: string;
  readonly tokenInfoUri: string;
  readonly loginHint: string | undefined;
  readonly pkce: boolean;
  /** The authorization-URL parameters after defaults and `params`. */
  readonly params: Readonly<Record<string, string>>;
  readonly #clientSecret: string | undefined;
  readonly #authorizationHeader: string | undefined;
  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #allowInsecureRequests: boolean;
  readonly #pending = new PendingRequests();

  constructor(options: OAuth2WebServerFlowOptions) {
    if (options.scope === undefined || options.scope === null) {
      throw new OAuth2Error('The value of scope must not be undefined.', {
        code: 'invalid_argument',
      });
    }
    checkFlowEndpoints(options);
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.scope = scopesToString(options.scope);
    this.redirectUri = options.redirectUri;
    this.userAgent = options.userAgent;
    this.authUri = options.authUri ?? GOOGLE_AUTH_URI;
    this.tokenUri = options.tokenUri ?? GOOGLE_TOKEN_URI;
    this.revokeUri = options.revokeUri ?? GOOGLE_REVOKE_URI;
    this.deviceUri = options.deviceUri ?? GOOGLE_DEVICE_URI;
    this.tokenInfoUri = options.tokenInfoUri ?? GOOGLE_TOKEN_INFO_URI;
    this.loginHint = options.loginHint;
    this.#authorizationHeader = options.authorizationHeader;
    this.pkce = options.pkce ?? true;
    this.params = Object.freeze(normalizeAuthParams(options.params));
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#allowInsecureRequests = options.allowInsecureRequests ?? false;
  }

  /** The client secret, if any (hidden from `util.inspect` and `JSON.stringify`). */
  get clientSecret(): string | undefined {
    return this.#clientSecret;
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
      clientSecret: this.#clientSecret,
      codeVerifier,
      redirectUri: options.redirectUri ?? pending?.redirectUri ?? this.redirectUri,
    });
    return withScrubbedErrors(
      this.#secretsOf(this.tokenUri, body, codeVerifier),
      async () => {
        let res: HttpResponse;
        try {
          res = await postFormOnce(
            this.tokenUri,
            body,
            this.#headers(),
            this.#http(options.signal),
          );
        } catch (err) {
          throw exchangeTransportError(err, this.tokenUri, options.signal);
        }
        return new OAuth2Credentials(
          credentialsOptionsFromTokens(
            interpretExchangeResponse(res),
            this.#credentialsContext(),
            options.expectedNonce ?? pending?.nonce,
          ),
        );
      },
      options.signal,
    );
  }

  /**
   * Start the device flow (RFC 8628): ask the device authorization endpoint for a device code
   * and the user code to show. A confidential client authenticates (RFC 8628 §3.1) with its
   * `client_secret` in the body and/or its `authorizationHeader`, on this request and on every
   * poll; a public client sends `client_id` and `scope` only, as oauth2client did.
   *
   * @throws {OAuth2DeviceCodeError} non-200 (`Invalid response <status>.` plus ` Error: <error>`),
   *   a body that is not JSON, or an unusable response (see {@link DeviceFlowInfo.fromResponse}).
   * @example
   * const info = await flow.step1GetDeviceAndUserCodes();
   * console.log(info.instructions());
   */
  async step1GetDeviceAndUserCodes(
    options: { signal?: AbortSignal } = {},
  ): Promise<DeviceFlowInfo> {
    const body = buildDeviceAuthorizationBody({
      clientId: this.clientId,
      scope: this.scope,
      clientSecret: this.#clientSecret,
    });
    return withScrubbedErrors(
      this.#secretsOf(this.deviceUri, body),
      async () => {
        const response = await requestDeviceCodes(
          this.deviceUri,
          body,
          this.#headers(),
          this.#http(options.signal),
        );
        return DeviceFlowInfo.fromResponse(response, this.#clock.now());
      },
      options.signal,
    );
  }

  /**
   * Poll the token endpoint until the user approves or denies the device, or the code expires
   * (RFC 8628 §3.4-3.5): never faster than `interval` (default 5 s), +5 s on `slow_down`, the
   * interval doubled (up to 60 s) after a timeout. Abort with `signal`.
   *
   * @param options.clock - overrides the flow's clock for this wait.
   * @param options.onPoll - called before each poll (poll number, interval in ms).
   * @throws {OAuth2DeviceCodeError} `code` `expired_token`, `access_denied` or the server's error.
   * @throws {VerifyJwtTokenError} the response's `id_token` is malformed.
   * @example
   * const credentials = await flow.waitForDeviceAuthorization(info, { signal: AbortSignal.timeout(600_000) });
   */
  async waitForDeviceAuthorization(
    info: DeviceFlowInfo,
    options: {
      signal?: AbortSignal | undefined;
      clock?: Clock | undefined;
      onPoll?: ((poll: number, intervalMs: number) => void) | undefined;
    } = {},
  ): Promise<OAuth2Credentials> {
    const clock = options.clock ?? this.#clock;
    const body = buildDeviceTokenBody({
      clientId: this.clientId,
      deviceCode: info.deviceCode,
      clientSecret: this.#clientSecret,
    });
    return withScrubbedErrors(
      this.#secretsOf(this.tokenUri, body),
      async () => {
        const tokens = await pollDeviceToken(info, {
          tokenUri: this.tokenUri,
          headers: this.#headers(),
          body,
          fetch: this.#fetch,
          clock,
          timeoutMs: this.#timeoutMs,
          signal: options.signal,
          onPoll: options.onPoll,
        });
        return new OAuth2Credentials(
          credentialsOptionsFromTokens(tokens, { ...this.#credentialsContext(), clock }),
        );
      },
      options.signal,
    );
  }

  /** A redacted view for logs. */
  toJSON(): Record<string, unknown> {
    return {
      clientId: this.clientId,
      clientSecret: this.#clientSecret === undefined ? undefined : REDACTED,
      scope: this.scope,
      redirectUri: this.redirectUri,
      authUri: this.authUri,
      tokenUri: this.tokenUri,
      deviceUri: this.deviceUri,
      pkce: this.pkce,
      params: this.params,
      pendingRequests: this.#pending.size,
    };
  }

  [inspectCustom](
    _depth: number,
    options: object,
    inspect: (v: unknown, o: object) => string,
  ): string {
    return `OAuth2WebServerFlow ${inspect(this.toJSON(), options)}`;
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

  /** Every token-endpoint and device request authenticates the client the same way. */
  #headers(): Record<string, string> {
    return flowRequestHeaders({
      userAgent: this.userAgent,
      authorizationHeader: this.#authorizationHeader,
    });
  }

  /**
   * What a request sends that no error may repeat (adversarial Z1): the body's secret fields, the
   * URL's query values, the client secret and the `Authorization` value (and its base64 payload).
   */
  #secretsOf(url: string, body: string, codeVerifier?: string): string[] {
    const header = this.#authorizationHeader;
    const credentials = header?.split(' ')[1];
    return requestSecrets(url, body, [this.#clientSecret, codeVerifier, header, credentials]);
  }

  #http(signal: AbortSignal | undefined) {
    return { fetch: this.#fetch, timeoutMs: this.#timeoutMs, signal };
  }

  #credentialsContext() {
    return {
      clientId: this.clientId,
      clientSecret: this.#clientSecret,
      tokenUri: this.tokenUri,
      userAgent: this.userAgent,
      revokeUri: this.revokeUri,
      tokenInfoUri: this.tokenInfoUri,
      scope: this.scope,
      fetch: this.#fetch,
      clock: this.#clock,
      allowInsecureRequests: this.#allowInsecureRequests,
    };
  }
}

/** 32 random bytes, base64url. `node:crypto` is loaded on first use, not when core is imported. */
function randomToken(): string {
  return process.getBuiltinModule('node:crypto').randomBytes(32).toString('base64url');
}
