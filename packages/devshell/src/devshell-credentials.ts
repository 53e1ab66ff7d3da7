import {
  type CredentialsRuntimeOptions,
  GoogleCredentials,
  type TokenResponse,
} from '@oauth2/core';
import { NotSerializableError } from '@oauth2/core/errors';
import { type CredentialInfo, requestCredentialInfo } from './devshell-client.js';
import { devshellPort } from './devshell-port.js';
import { DevshellError } from './errors.js';

/** Options of {@link DevshellCredentials}. */
export interface DevshellCredentialsOptions extends CredentialsRuntimeOptions {
  /** Environment to read `DEVSHELL_CLIENT_PORT` from (default `process.env`, read at construction). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The devshell port; wins over the environment. */
  port?: number | undefined;
  /** Total deadline of one exchange with the devshell server, in ms (default 5 000). */
  devshellTimeoutMs?: number | undefined;
  userAgent?: string | null | undefined;
}

/**
 * The Cloud Shell user's credentials, from the devshell server on `127.0.0.1:$DEVSHELL_CLIENT_PORT`.
 * Port of `oauth2client.devshell.DevshellCredentials`: every refresh asks the server again; there
 * is no refresh token and nothing to store.
 *
 * @example
 * const credentials = await DevshellCredentials.create();
 * console.log(credentials.userEmail, credentials.projectId);
 * const res = await credentials.authorize()('https://cloudresourcemanager.googleapis.com/v1/projects');
 */
export class DevshellCredentials extends GoogleCredentials {
  /** The devshell port dialled on 127.0.0.1. */
  readonly port: number;
  readonly #timeoutMs: number | undefined;
  #info: CredentialInfo | undefined;

  /**
   * Read the port; no connection yet (use {@link DevshellCredentials.create} to connect at once).
   *
   * @throws {NoDevshellServer} `DEVSHELL_CLIENT_PORT` is unset or `0` (no connection attempted).
   * @throws {DevshellError} `invalid_port`: it is not a port number.
   */
  constructor(options: DevshellCredentialsOptions = {}) {
    super({ ...options, userAgent: options.userAgent ?? null });
    this.port = options.port ?? devshellPort(options.env ?? process.env);
    this.#timeoutMs = options.devshellTimeoutMs;
  }

  /**
   * Connect to the devshell server and return credentials holding a fresh token, as the
   * oauth2client constructor did.
   *
   * @throws {NoDevshellServer} not in Cloud Shell.
   * @throws {CommunicationError} the server is unreachable, out of protocol, or too slow (5 s).
   * @example
   * const credentials = await DevshellCredentials.create({ env: process.env });
   */
  static async create(options: DevshellCredentialsOptions = {}): Promise<DevshellCredentials> {
    const credentials = new DevshellCredentials(options);
    await credentials.refresh();
    return credentials;
  }

  /**
   * Devshell credentials cannot be loaded from JSON.
   * @throws {NotSerializableError} always.
   */
  static override fromJson(): never {
    throw new NotSerializableError('Cannot load Developer Shell credentials from JSON.');
  }

  /** The Cloud Shell user's e-mail (after a refresh). */
  get userEmail(): string | undefined {
    return this.#info?.userEmail;
  }

  /** The Cloud Shell session's project id (after a refresh). */
  get projectId(): string | undefined {
    return this.#info?.projectId;
  }

  /**
   * The refresh hook: ask the devshell server for a new token. `refresh()` (core's:
   * single-flight, stopped when every waiter aborts) calls it; its `expires_in` is bounded as core
   * bounds a token endpoint's.
   *
   * @throws {CommunicationError} see {@link DevshellCredentials.create}.
   * @throws {DevshellError} `no_access_token`: the server answered without a token.
   * @throws {TokenResponseError} `expires_in` below 1 s or above 2^31 - 1 s.
   */
  protected override async fetchToken(signal: AbortSignal): Promise<TokenResponse> {
    const info = await requestCredentialInfo({
      port: this.port,
      signal,
      ...(this.#timeoutMs !== undefined && { timeoutMs: this.#timeoutMs }),
    });
    this.#info = info;
    if (!info.accessToken) {
      throw new DevshellError(
        'The devshell server answered without an access token; run `gcloud auth login` in Cloud Shell.',
        { code: 'no_access_token' },
      );
    }
    const raw: Record<string, unknown> = { access_token: info.accessToken };
    if (info.expiresIn !== undefined) raw.expires_in = info.expiresIn;
    return {
      accessToken: info.accessToken,
      raw,
      ...(info.expiresIn !== undefined && { expiresIn: info.expiresIn }),
    };
  }

  /**
   * Not available: Cloud Shell credentials cannot be saved as an ADC file.
   * @throws {NotSerializableError} always.
   */
  override get serializationData(): never {
    throw new NotSerializableError('Cannot serialize Developer Shell credentials.');
  }

  /**
   * Not available: Cloud Shell credentials cannot be stored.
   * @throws {NotSerializableError} always.
   */
  override toJson(): never {
    throw new NotSerializableError('Cannot serialize Developer Shell credentials.');
  }

  protected override redactedView(): Record<string, unknown> {
    return { ...super.redactedView(), userEmail: this.userEmail, projectId: this.projectId };
  }
}
