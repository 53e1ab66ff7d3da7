import { DeviceFlowInfo } from './device-flow.js';
import { OAuth2Error } from './errors.js';
import { credentialsOptionsFromTokens } from './flows/credentials-from-tokens.js';
import { pollDeviceToken } from './flows/device-polling.js';
import { requestDeviceCodes } from './flows/device-request.js';
import {
  buildDeviceAuthorizationBody,
  buildDeviceTokenBody,
  flowRequestHeaders,
} from './flows/exchange.js';
import type { OAuth2WebServerFlowOptions } from './flows/web-server-flow-options.js';
import { type Clock, systemClock } from './http/clock.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike } from './http/request.js';
import { requestSecrets, withScrubbedErrors } from './http/scrub.js';
import { checkFlowEndpoints } from './internal/endpoint-options.js';
import { inspectAs, REDACTED } from './internal/redact.js';
import { OAuth2Credentials } from './oauth2-credentials.js';
import { scopesToString } from './scopes.js';
import {
  GOOGLE_AUTH_URI,
  GOOGLE_DEVICE_URI,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_INFO_URI,
  GOOGLE_TOKEN_URI,
} from './wire/endpoints.js';
import type { TokenResponse } from './wire/token-response.js';

/**
 * The client side every flow shares: its settings (client, scope, endpoints, transport), how it
 * authenticates to the token and device endpoints, how a token response becomes
 * `OAuth2Credentials`, and the device flow (RFC 8628), which needs nothing more.
 * {@link OAuth2WebServerFlow} adds the authorization-code flow. `util.inspect` and
 * `JSON.stringify` hide the client secret.
 *
 * @throws {OAuth2Error} `code: 'invalid_argument'` without `scope`.
 * @throws {InsecureEndpointError} an endpoint that is not https (or http on loopback).
 * @example
 * const flow = new OAuth2WebServerFlow({ clientId, scope: ['email'] });
 * const info = await flow.step1GetDeviceAndUserCodes();
 */
export abstract class OAuth2FlowClient {
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
  readonly #clientSecret: string | undefined;
  readonly #authorizationHeader: string | undefined;
  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #allowInsecureRequests: boolean;

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
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#allowInsecureRequests = options.allowInsecureRequests ?? false;
    inspectAs(this, () => this.toJSON(), new.target.name);
  }

  /** The client secret, if any (hidden from `util.inspect` and `JSON.stringify`). */
  get clientSecret(): string | undefined {
    return this.#clientSecret;
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
      this.secretsOf(this.deviceUri, body),
      async () => {
        const http = this.requestOptions(options.signal);
        const response = await requestDeviceCodes(
          this.deviceUri,
          body,
          this.requestHeaders(),
          http,
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
    return this.credentialsFrom(this.tokenUri, body, { signal: options.signal, clock }, () =>
      pollDeviceToken(info, {
        tokenUri: this.tokenUri,
        headers: this.requestHeaders(),
        body,
        fetch: this.#fetch,
        clock,
        timeoutMs: this.#timeoutMs,
        signal: options.signal,
        onPoll: options.onPoll,
      }),
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
    };
  }

  /**
   * Send a grant to the token endpoint with `send` and build the credentials from the answer;
   * whatever fails is scrubbed of every secret the request carried (adversarial Z1).
   */
  protected credentialsFrom(
    url: string,
    body: string,
    options: {
      signal?: AbortSignal | undefined;
      clock?: Clock | undefined;
      nonce?: string | undefined;
      verifier?: string | undefined;
    },
    send: () => Promise<TokenResponse>,
  ): Promise<OAuth2Credentials> {
    return withScrubbedErrors(
      this.secretsOf(url, body, options.verifier),
      async () => {
        const context = {
          clientId: this.clientId,
          clientSecret: this.#clientSecret,
          tokenUri: this.tokenUri,
          userAgent: this.userAgent,
          revokeUri: this.revokeUri,
          tokenInfoUri: this.tokenInfoUri,
          scope: this.scope,
          fetch: this.#fetch,
          clock: options.clock ?? this.#clock,
          allowInsecureRequests: this.#allowInsecureRequests,
        };
        return new OAuth2Credentials(
          credentialsOptionsFromTokens(await send(), context, options.nonce),
        );
      },
      options.signal,
    );
  }

  /** Every token-endpoint and device request authenticates the client the same way. */
  protected requestHeaders(): Record<string, string> {
    return flowRequestHeaders({
      userAgent: this.userAgent,
      authorizationHeader: this.#authorizationHeader,
    });
  }

  /** Transport settings of one flow request. */
  protected requestOptions(signal: AbortSignal | undefined) {
    return { fetch: this.#fetch, timeoutMs: this.#timeoutMs, signal };
  }

  /**
   * What a request sends that no error may repeat (adversarial Z1): the body's secret fields, the
   * URL's query values, the client secret and the `Authorization` value (and its base64 payload).
   */
  private secretsOf(url: string, body: string, codeVerifier?: string): string[] {
    const header = this.#authorizationHeader;
    const credentials = header?.split(' ')[1];
    return requestSecrets(url, body, [this.#clientSecret, codeVerifier, header, credentials]);
  }
}
