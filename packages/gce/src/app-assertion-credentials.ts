import {
  type CallOptions,
  type CredentialsRuntimeOptions,
  OAuth2Credentials,
  parseJsonObject,
  type ScopableCredentials,
  stringToScopes,
  type TokenResponse,
} from '@oauth2/core';
import { NotSerializableError } from '@oauth2/core/errors';
import { checkServiceAccountName } from './internal/account-name.js';
import { MetadataClient, type ServiceAccountInfo } from './metadata-client.js';

/** Options of {@link AppAssertionCredentials}. */
export interface AppAssertionCredentialsOptions extends CredentialsRuntimeOptions {
  /**
   * Scopes to request (sent as the token request's `scopes` query). Empty: the scopes the VM's
   * service account was given at creation.
   */
  scopes?: string | Iterable<string> | undefined;
  /** Which service account of the VM: `default` (the default) or its e-mail. */
  serviceAccount?: string | undefined;
  /** A metadata client to share (its detection cache, settings and transport). */
  metadata?: MetadataClient | undefined;
  /** Environment for a metadata client built here (default `process.env`, read at construction). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

const NOT_SERIALIZABLE = 'Cannot serialize credentials for GCE service accounts.';

/**
 * Credentials of a Compute Engine VM's service account, from the metadata server (v1 API,
 * `Metadata-Flavor: Google` sent and required). Port of `oauth2client.gce.AppAssertionCredentials`
 * (also exported as `ComputeCredentials`). Not serializable: the token comes from the VM, so
 * there is nothing to store.
 *
 * @example
 * const credentials = new AppAssertionCredentials();
 * const res = await credentials.authorize()('https://storage.googleapis.com/storage/v1/b?project=p');
 */
export class AppAssertionCredentials extends OAuth2Credentials implements ScopableCredentials {
  static override readonly jsonModule: string = 'oauth2client.gce';
  static override readonly jsonClass: string = 'AppAssertionCredentials';
  /** The VM service account used (`default` or an e-mail). */
  readonly serviceAccount: string;
  /** The metadata client this credential asks. */
  readonly metadata: MetadataClient;
  readonly #options: AppAssertionCredentialsOptions;

  /**
   * @throws {MetadataError} `metadata_invalid_config` when a metadata environment variable is malformed or
   *   `serviceAccount` is neither `default` nor an e-mail address.
   */
  constructor(options: AppAssertionCredentialsOptions = {}) {
    super({ ...options, scopes: options.scopes, tokenUri: null, revokeUri: null });
    this.#options = options;
    this.serviceAccount = checkServiceAccountName(options.serviceAccount ?? 'default');
    this.metadata =
      options.metadata ??
      new MetadataClient({
        ...(options.env && { env: options.env }),
        ...(options.fetch && { fetch: options.fetch }),
        ...(options.clock && { clock: options.clock }),
      });
  }

  /**
   * Load oauth2client 1.5.2 JSON (`_module: oauth2client.gce`): only `scope` is kept, as
   * oauth2client did; the token is fetched again. `Credentials.newFromJson` dispatches here after
   * `Credentials.register(AppAssertionCredentials)`.
   *
   * @throws {CredentialsCorruptError} not JSON, or not a JSON object; a non-string `scope` is ignored.
   * @example
   * const credentials = AppAssertionCredentials.fromJson(oldJson);
   */
  static override fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): AppAssertionCredentials {
    const data = parseJsonObject(json);
    const scope = typeof data.scope === 'string' ? data.scope : undefined;
    return new AppAssertionCredentials({ ...options, scopes: scope });
  }

  /**
   * The refresh hook: a token from the metadata server. `refresh()` (core's: single-flight, eager,
   * stopped when every waiter aborts) calls it; its `expires_in` is bounded as core bounds a
   * token endpoint's.
   *
   * @throws {MetadataError} `metadata_bad_flavor`, `service_account_not_found` (404: no service account
   *   or scopes on the VM), `metadata_forbidden`, `metadata_malformed`, `metadata_http_error`.
   * @throws {TimeoutError} / {NetworkError} the metadata server could not be reached.
   * @throws {TokenResponseError} `expires_in` below 1 s or above 2^31 - 1 s.
   */
  protected override async fetchToken(signal: AbortSignal): Promise<TokenResponse> {
    const token = await this.metadata.getToken(this.serviceAccount, [...this.scopes], { signal });
    return {
      accessToken: token.accessToken,
      tokenType: token.tokenType,
      expiresIn: token.expiresIn,
      raw: {
        access_token: token.accessToken,
        expires_in: token.expiresIn,
        token_type: token.tokenType,
      },
    };
  }

  /**
   * The service account's e-mail, scopes and aliases, from the metadata server.
   *
   * @throws {MetadataError} as {@link AppAssertionCredentials.refresh}.
   * @example
   * const { email } = await credentials.getServiceAccountInfo();
   */
  getServiceAccountInfo(): Promise<ServiceAccountInfo> {
    return this.metadata.getServiceAccountInfo(this.serviceAccount);
  }

  /**
   * The scopes of the VM's service account (oauth2client 4.x `retrieve_scopes`), stored in
   * `scopes` when none were requested.
   *
   * @throws {MetadataError} as {@link AppAssertionCredentials.refresh}.
   * @example
   * const scopes = await credentials.retrieveScopes();
   */
  override async retrieveScopes(_options: CallOptions = {}): Promise<Set<string>> {
    const info = await this.getServiceAccountInfo();
    if (this.scopes.size === 0) this.scopes = new Set(info.scopes);
    return new Set(info.scopes);
  }

  /**
   * Never required: without scopes the VM's own scopes apply (oauth2client 4.x; 1.5.2
   * required scopes for the retired `0.1` endpoint).
   */
  createScopedRequired(): boolean {
    return false;
  }

  /**
   * A new credential requesting `scopes` from the metadata server, sharing this one's metadata
   * client and options.
   *
   * @example
   * const storage = credentials.createScoped('https://www.googleapis.com/auth/devstorage.read_only');
   */
  createScoped(scopes: string | Iterable<string>): AppAssertionCredentials {
    return new AppAssertionCredentials({
      ...this.#options,
      scopes: stringToScopes(scopes),
      metadata: this.metadata,
    });
  }

  /**
   * Not available: GCE credentials cannot be saved as an ADC file.
   * @throws {NotSerializableError} always.
   */
  get serializationData(): never {
    throw new NotSerializableError(NOT_SERIALIZABLE);
  }

  /**
   * Not available: GCE credentials cannot be stored (oauth2client 3.0.0+).
   * @throws {NotSerializableError} always.
   */
  override toJson(): never {
    throw new NotSerializableError(NOT_SERIALIZABLE);
  }

  protected override redactedView(): Record<string, unknown> {
    return { ...super.redactedView(), serviceAccount: this.serviceAccount };
  }
}
