import {
  AssertionCredentials,
  type CredentialsRuntimeOptions,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_URI,
  type ScopableCredentials,
  scopesToString,
} from '@oauth2/core';
import { assertionPayload, keyIdOption, restoreFromJson } from './internal/credential-helpers.js';
import { makeSignedJwt } from './make-signed-jwt.js';
import { keyfileOptions, readServiceAccountJson } from './service-account-key-file.js';
import type {
  ServiceAccountCredentialsOptions,
  ServiceAccountData,
  ServiceAccountFactoryOptions,
} from './service-account-options.js';
import { Signer } from './signer.js';

export { ASSERTION_LIFETIME_SEC } from './constants.js';
export type {
  ServiceAccountCredentialsOptions,
  ServiceAccountData,
  ServiceAccountFactoryOptions,
} from './service-account-options.js';

/** Where a {@link ServiceAccountCredentials.fromJson} problem is, in messages. */
const JSON_SOURCE = 'service account credential JSON';

/** The key fields a credential (and each copy of it) is built from, normalized. */
interface KeyFields {
  serviceAccountEmail: string;
  signer: Signer;
  scopes: string;
  privateKeyId: string | null;
  additionalClaims: Readonly<Record<string, unknown>>;
  privateKeyPkcs8Pem: string | null;
  userAgent: string | null;
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
export class ServiceAccountCredentials extends AssertionCredentials implements ScopableCredentials {
  static override readonly jsonModule: string = 'oauth2client.service_account';
  static override readonly jsonClass: string = 'ServiceAccountCredentials';

  readonly #key: KeyFields;
  readonly #runtime: CredentialsRuntimeOptions;

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
    this.#key = {
      serviceAccountEmail,
      signer,
      scopes: scopesToString(scopes ?? ''),
      privateKeyId: privateKeyId ?? null,
      additionalClaims: Object.freeze({ ...additionalClaims }),
      privateKeyPkcs8Pem: privateKeyPkcs8Pem ?? null,
      userAgent: userAgent ?? null,
    };
    this.#runtime = runtime;
  }

  /**
   * Load a service-account JSON key (a path, or the parsed object), as downloaded from the
   * Cloud console, with core's one key parser. Port of `from_json_keyfile_name` /
   * `from_json_keyfile_dict`.
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
    // `new this`: JwtAccessCredentials.fromJsonKeyfile builds a JwtAccessCredentials (Python's cls)
    return new this(await keyfileOptions(keyfile, options));
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
    return new this({
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
    // `new this`: JwtAccessCredentials.fromJson builds a JwtAccessCredentials, like Python's cls(...)
    const { credentials, data } = restoreFromJson(
      json,
      JSON_SOURCE,
      (fields, source) => new this({ ...options, ...readServiceAccountJson(fields, source) }),
    );
    credentials.retainJsonKeys(data);
    return credentials;
  }

  /** The service account's e-mail. */
  get serviceAccountEmail(): string {
    return this.#key.serviceAccountEmail;
  }
  /** The requested scopes, space-separated (oauth2client's `_scopes`). */
  get requestedScopes(): string {
    return this.#key.scopes;
  }
  /** The key id sent as `kid`. */
  get privateKeyId(): string | null {
    return this.#key.privateKeyId;
  }
  /** Extra assertion claims (a copy). */
  get additionalClaims(): Record<string, unknown> {
    return { ...this.#key.additionalClaims };
  }
  /** The signer (private key), for subclasses and {@link signBlob}. */
  protected get signer(): Signer {
    return this.#key.signer;
  }

  /** True when no scopes were requested: call {@link createScoped} first. */
  createScopedRequired(): boolean {
    return this.#key.scopes === '';
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
    return this.cloneWith({ additionalClaims: { ...this.#key.additionalClaims, ...claims } });
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
    return { keyId: this.#key.privateKeyId, signature: await this.#key.signer.sign(blob) };
  }

  /** The gcloud `service_account` key-file contents (contains the private key). */
  get serializationData(): ServiceAccountData {
    return {
      type: 'service_account',
      client_email: this.#key.serviceAccountEmail,
      private_key_id: this.#key.privateKeyId,
      private_key: this.#key.privateKeyPkcs8Pem,
      client_id: this.clientId,
    };
  }

  /** The options a copy is built from (runtime options included), with overrides. */
  protected cloneOptions(
    overrides: Partial<ServiceAccountCredentialsOptions>,
  ): ServiceAccountCredentialsOptions {
    const { clientId, tokenUri, revokeUri } = this;
    return { ...this.#runtime, ...this.#key, clientId, tokenUri, revokeUri, ...overrides };
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
    const { serviceAccountEmail: iss, scopes: scope, additionalClaims } = this.#key;
    const payload = assertionPayload(
      this.nowSec(),
      { aud: this.tokenUri, scope, iss },
      additionalClaims,
    );
    return makeSignedJwt(this.#key.signer, payload, keyIdOption(this.#key.privateKeyId));
  }

  /** oauth2client 4.1.3 key order (fixture `v4.1.3-ServiceAccountCredentials-jsonkey.json`). */
  protected override serializedFields(): Record<string, unknown> {
    const key = this.#key;
    return {
      ...super.serializedFields(),
      _service_account_email: key.serviceAccountEmail,
      _scopes: key.scopes,
      _private_key_id: key.privateKeyId,
      _user_agent: key.userAgent,
      _kwargs: { ...key.additionalClaims },
      _private_key_pkcs8_pem: key.privateKeyPkcs8Pem,
    };
  }

  protected override redactedView(): Record<string, unknown> {
    const { serviceAccountEmail, scopes, privateKeyId, additionalClaims } = this.#key;
    return {
      ...super.redactedView(),
      serviceAccountEmail,
      scopes,
      privateKeyId,
      additionalClaims: Object.keys(additionalClaims),
      privateKey: '[redacted]',
    };
  }
}
