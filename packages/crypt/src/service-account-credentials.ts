import {
  AssertionCredentials,
  type CredentialsRuntimeOptions,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_URI,
  scopesToString,
} from '@oauth2/core';
import { keyIdOption, restoreState } from './internal/credential-helpers.js';
import { jsonObject, optionalString, requiredString } from './internal/json-fields.js';
import {
  keyfileSigner,
  loadKeyfile,
  readServiceAccountJson,
} from './internal/service-account-json.js';
import { makeSignedJwt } from './make-signed-jwt.js';
import { Signer } from './signer.js';

/** oauth2client's `MAX_TOKEN_LIFETIME_SECS` for assertions: `exp = iat + 3600`. */
export const ASSERTION_LIFETIME_SEC = 3600;

/** Fields of a {@link ServiceAccountCredentials}, plus runtime options. */
export interface ServiceAccountCredentialsOptions extends CredentialsRuntimeOptions {
  /** The service account's e-mail (`client_email`): the assertion's `iss`. */
  serviceAccountEmail: string;
  /** Its private key, parsed once. */
  signer: Signer;
  /** The scopes to request (space-separated or iterable); `''` means none yet. */
  scopes?: string | Iterable<string> | null | undefined;
  /** `private_key_id`: the assertion header's `kid`. */
  privateKeyId?: string | null | undefined;
  clientId?: string | null | undefined;
  userAgent?: string | null | undefined;
  /** Token endpoint, also the assertion's `aud` (default Google's). */
  tokenUri?: string | null | undefined;
  revokeUri?: string | null | undefined;
  /** Extra assertion claims merged last, verbatim (oauth2client's `**kwargs`, e.g. `sub`). */
  additionalClaims?: Readonly<Record<string, unknown>> | undefined;
  /** The PEM text the key came from, kept for `toJson()` and {@link serializationData}. */
  privateKeyPkcs8Pem?: string | null | undefined;
}

/** Options of the factories: which scopes to ask for, endpoint overrides, runtime. */
export interface ServiceAccountFactoryOptions extends CredentialsRuntimeOptions {
  scopes?: string | Iterable<string> | undefined;
  /** Overrides the key file's `token_uri` (else Google's). */
  tokenUri?: string | undefined;
  /** Overrides the key file's `revoke_uri` (else Google's). */
  revokeUri?: string | undefined;
}

/** The gcloud / ADC service-account file shape ({@link ServiceAccountCredentials.serializationData}). */
export interface ServiceAccountData {
  type: 'service_account';
  client_email: string;
  private_key_id: string | null;
  private_key: string | null;
  client_id: string | null;
}

/**
 * Service-account credentials: each token request signs an RS256 assertion (header
 * `{"typ":"JWT","alg":"RS256","kid":<private_key_id>}`, claims `aud` = token URI, `scope`, `iat`,
 * `exp = iat + 3600`, `iss` = the account, then extra claims verbatim) and exchanges it with the
 * JWT-bearer grant. Port of oauth2client 4.1.3 `service_account.ServiceAccountCredentials`;
 * JSON-compatible with it (`_module` `oauth2client.service_account`).
 *
 * @example
 * const credentials = await ServiceAccountCredentials.fromJsonKeyfile('key.json', {
 *   scopes: 'https://www.googleapis.com/auth/cloud-platform',
 * });
 * const { accessToken } = await credentials.getAccessToken();
 */
export class ServiceAccountCredentials extends AssertionCredentials {
  static override readonly jsonModule: string = 'oauth2client.service_account';
  static override readonly jsonClass: string = 'ServiceAccountCredentials';

  readonly #email: string;
  readonly #signer: Signer;
  readonly #scopes: string;
  readonly #privateKeyId: string | null;
  readonly #claims: Readonly<Record<string, unknown>>;
  readonly #pem: string | null;
  readonly #runtime: CredentialsRuntimeOptions;
  readonly #serviceUserAgent: string | null;

  /**
   * Build from a parsed key. Prefer {@link fromJsonKeyfile} or {@link fromPem}.
   * @example
   * new ServiceAccountCredentials({ serviceAccountEmail, signer: Signer.fromString(pem), scopes });
   */
  constructor(options: ServiceAccountCredentialsOptions) {
    const {
      serviceAccountEmail,
      signer,
      scopes,
      privateKeyId,
      additionalClaims,
      privateKeyPkcs8Pem,
      clientId,
      userAgent,
      tokenUri,
      revokeUri,
      ...runtime
    } = options;
    super({
      ...runtime,
      clientId: clientId ?? null,
      userAgent: userAgent ?? null,
      tokenUri: tokenUri ?? GOOGLE_TOKEN_URI,
      revokeUri: revokeUri ?? GOOGLE_REVOKE_URI,
    });
    this.#email = serviceAccountEmail;
    this.#signer = signer;
    this.#scopes = scopesToString(scopes ?? '');
    this.#privateKeyId = privateKeyId ?? null;
    this.#claims = Object.freeze({ ...additionalClaims });
    this.#pem = privateKeyPkcs8Pem ?? null;
    this.#runtime = runtime;
    this.#serviceUserAgent = userAgent ?? null;
  }

  /**
   * Load a service-account JSON key (a path, or the parsed object), as downloaded from the
   * Cloud console. Port of `from_json_keyfile_name` / `from_json_keyfile_dict`.
   *
   * @throws {ServiceAccountKeyError} unreadable, not JSON, `type` is not `service_account`, or
   *   `client_email`, `private_key`, `private_key_id` or `client_id` missing; the message names
   *   the field and the file, never a value.
   * @example
   * const credentials = await ServiceAccountCredentials.fromJsonKeyfile('key.json', { scopes });
   */
  static async fromJsonKeyfile(
    keyfile: string | Record<string, unknown>,
    options: ServiceAccountFactoryOptions = {},
  ): Promise<ServiceAccountCredentials> {
    const { data, source } = await loadKeyfile(keyfile);
    const pem = requiredString(data, 'private_key', source);
    const { scopes, tokenUri, revokeUri, ...runtime } = options;
    return new ServiceAccountCredentials({
      ...runtime,
      serviceAccountEmail: requiredString(data, 'client_email', source),
      signer: keyfileSigner(pem, source),
      privateKeyPkcs8Pem: pem,
      privateKeyId: requiredString(data, 'private_key_id', source),
      clientId: requiredString(data, 'client_id', source),
      scopes: scopes ?? '',
      tokenUri: tokenUri ?? optionalString(data, 'token_uri', source) ?? GOOGLE_TOKEN_URI,
      revokeUri: revokeUri ?? optionalString(data, 'revoke_uri', source) ?? GOOGLE_REVOKE_URI,
    });
  }

  /**
   * Build from an e-mail and a PEM private key (PKCS#8 or PKCS#1; a "Bag Attributes" preamble is
   * skipped). The 1.5.2 `_ServiceAccountCredentials` shape.
   *
   * @throws {CryptoUnavailableError} the key is PKCS#12 (the message shows the openssl command).
   * @throws {InvalidKeyError} the key is not a usable PEM private key.
   * @example
   * const credentials = ServiceAccountCredentials.fromPem(email, pem, { privateKeyId, scopes });
   */
  static fromPem(
    serviceAccountEmail: string,
    pem: string,
    options: Omit<
      ServiceAccountCredentialsOptions,
      'serviceAccountEmail' | 'signer' | 'privateKeyPkcs8Pem'
    > = {},
  ): ServiceAccountCredentials {
    return new ServiceAccountCredentials({
      ...options,
      serviceAccountEmail,
      signer: Signer.fromString(pem),
      privateKeyPkcs8Pem: pem,
    });
  }

  /**
   * Rebuild from oauth2client 2.x-4.1.3 JSON (`_service_account_email`, `_scopes`,
   * `_private_key_pkcs8_pem`...), or from what {@link toJson} wrote. Unknown keys are kept.
   *
   * @throws {ServiceAccountKeyError} a required key is missing or of the wrong type.
   * @throws {CryptoUnavailableError} the JSON holds a PKCS#12 key (`_private_key_pkcs12`).
   * @example
   * const credentials = ServiceAccountCredentials.fromJson(text, { fetch });
   */
  static override fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): ServiceAccountCredentials {
    const source = { where: 'service account credential JSON' };
    const data = jsonObject(json, source);
    const fields = readServiceAccountJson(data, source);
    // `new this`: JwtAccessCredentials.fromJson builds a JwtAccessCredentials, like Python's cls(...)
    const credentials = new this({ ...options, ...fields });
    restoreState(credentials, data, source);
    credentials.retainJsonKeys(data);
    return credentials;
  }

  /** The service account's e-mail. */
  get serviceAccountEmail(): string {
    return this.#email;
  }
  /** The requested scopes, space-separated (oauth2client's `_scopes`). */
  get requestedScopes(): string {
    return this.#scopes;
  }
  /** The key id sent as `kid`. */
  get privateKeyId(): string | null {
    return this.#privateKeyId;
  }
  /** Extra assertion claims (a copy). */
  get additionalClaims(): Record<string, unknown> {
    return { ...this.#claims };
  }
  /** The signer (private key), for subclasses and {@link signBlob}. */
  protected get signer(): Signer {
    return this.#signer;
  }

  /** True when no scopes were requested: call {@link createScoped} first. */
  createScopedRequired(): boolean {
    return this.#scopes === '';
  }

  /**
   * A copy requesting `scopes` (the original is unchanged).
   * @example
   * const scoped = credentials.createScoped(['https://www.googleapis.com/auth/drive']);
   */
  createScoped(scopes: string | Iterable<string>): ServiceAccountCredentials {
    return this.cloneWith({ scopes: scopesToString(scopes) });
  }

  /**
   * A copy whose assertions carry `claims` on top of the current extra claims.
   * @example
   * const delegated = credentials.createWithClaims({ sub: 'user@example.com' });
   */
  createWithClaims(claims: Readonly<Record<string, unknown>>): ServiceAccountCredentials {
    return this.cloneWith({ additionalClaims: { ...this.#claims, ...claims } });
  }

  /**
   * A copy acting for `sub` (domain-wide delegation): `createWithClaims({ sub })`.
   * @example
   * const asUser = credentials.createDelegated('user@example.com');
   */
  createDelegated(sub: string): ServiceAccountCredentials {
    return this.createWithClaims({ sub });
  }

  /**
   * Sign bytes with the service account key (RSASSA-PKCS1-v1_5 SHA-256) and return the key id
   * with the signature, as oauth2client's `sign_blob` did.
   * @throws {Error} only if the crypto backend fails.
   * @example
   * const { keyId, signature } = await credentials.signBlob('data');
   */
  async signBlob(
    blob: string | Uint8Array,
  ): Promise<{ keyId: string | null; signature: Uint8Array }> {
    return { keyId: this.#privateKeyId, signature: await this.#signer.sign(blob) };
  }

  /** The gcloud `service_account` key-file contents (contains the private key). */
  get serializationData(): ServiceAccountData {
    return {
      type: 'service_account',
      client_email: this.#email,
      private_key_id: this.#privateKeyId,
      private_key: this.#pem,
      client_id: this.clientId,
    };
  }

  /** The options a copy is built from (runtime options included), with overrides. */
  protected cloneOptions(
    overrides: Partial<ServiceAccountCredentialsOptions>,
  ): ServiceAccountCredentialsOptions {
    return {
      ...this.#runtime,
      serviceAccountEmail: this.#email,
      signer: this.#signer,
      scopes: this.#scopes,
      privateKeyId: this.#privateKeyId,
      clientId: this.clientId,
      userAgent: this.#serviceUserAgent,
      tokenUri: this.tokenUri,
      revokeUri: this.revokeUri,
      additionalClaims: this.#claims,
      privateKeyPkcs8Pem: this.#pem,
      ...overrides,
    };
  }

  /** A new instance of the same class with `overrides`. */
  protected cloneWith(overrides: Partial<ServiceAccountCredentialsOptions>): this {
    const Ctor = this.constructor as new (o: ServiceAccountCredentialsOptions) => this;
    return new Ctor(this.cloneOptions(overrides));
  }

  /** Seconds since the epoch on the credential's clock. */
  protected nowSec(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  protected override async generateAssertion(): Promise<string> {
    const iat = this.nowSec();
    const payload = {
      aud: this.tokenUri,
      scope: this.#scopes,
      iat,
      exp: iat + ASSERTION_LIFETIME_SEC,
      iss: this.#email,
      ...this.#claims,
    };
    return makeSignedJwt(this.#signer, payload, keyIdOption(this.#privateKeyId));
  }

  /** oauth2client 4.1.3 key order (fixture `v4.1.3-ServiceAccountCredentials-jsonkey.json`). */
  protected override serializedFields(): Record<string, unknown> {
    return {
      ...super.serializedFields(),
      _service_account_email: this.#email,
      _scopes: this.#scopes,
      _private_key_id: this.#privateKeyId,
      _user_agent: this.#serviceUserAgent,
      _kwargs: { ...this.#claims },
      _private_key_pkcs8_pem: this.#pem,
    };
  }

  protected override redactedView(): Record<string, unknown> {
    return {
      ...super.redactedView(),
      serviceAccountEmail: this.#email,
      scopes: this.#scopes,
      privateKeyId: this.#privateKeyId,
      additionalClaims: Object.keys(this.#claims),
      privateKey: '[redacted]',
    };
  }
}
