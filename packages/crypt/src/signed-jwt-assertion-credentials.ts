import { AssertionCredentials, type CredentialsRuntimeOptions, scopesToString } from '@oauth2/core';
import { assertionPayload, restoreFromJson } from './internal/credential-helpers.js';
import {
  type JsonSource,
  optionalObject,
  optionalString,
  requiredString,
} from './internal/json-fields.js';
import { makeSignedJwt } from './make-signed-jwt.js';
import { Signer } from './signer.js';

/** Where a {@link SignedJwtAssertionCredentials.fromJson} problem is, in messages. */
const JSON_SOURCE = 'SignedJwtAssertionCredentials JSON';

/** Options of {@link SignedJwtAssertionCredentials} (oauth2client 1.5.2 keyword arguments). */
export interface SignedJwtAssertionCredentialsOptions extends CredentialsRuntimeOptions {
  /** Kept and serialized for compatibility; PKCS#12 keys are refused, so it is never used. */
  privateKeyPassword?: string | undefined;
  userAgent?: string | null | undefined;
  /** Token endpoint, also the assertion's `aud` (default Google's). */
  tokenUri?: string | null | undefined;
  revokeUri?: string | null | undefined;
  /** Extra claims merged last, verbatim (1.5.2 `**kwargs`: `sub`, or the legacy `prn`). */
  additionalClaims?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The oauth2client 1.5.2 service-account credential (removed in 2.0.0): an RS256 assertion with
 * header `{"typ":"JWT","alg":"RS256"}` and claims `aud` = token URI, `scope`, `iat`,
 * `exp = iat + 3600`, `iss` = the account, then extra claims. Same constructor shape as 1.5.2;
 * its JSON (`_module` `oauth2client.client`) loads and round-trips. New code should use
 * {@link ServiceAccountCredentials}.
 *
 * @example
 * const credentials = new SignedJwtAssertionCredentials(email, pemBytes, 'https://www.googleapis.com/auth/drive', {
 *   additionalClaims: { sub: 'user@example.com' },
 * });
 */
export class SignedJwtAssertionCredentials extends AssertionCredentials {
  static override readonly jsonModule: string = 'oauth2client.client';
  static override readonly jsonClass: string = 'SignedJwtAssertionCredentials';

  /** The issuer e-mail. */
  readonly serviceAccountName: string;
  /** The requested scopes, space-separated. */
  readonly scope: string;
  /** oauth2client's `private_key_password` (default `notasecret`). */
  readonly privateKeyPassword: string;
  readonly #key: Buffer;
  readonly #signer: Signer;
  readonly #claims: Readonly<Record<string, unknown>>;

  /**
   * @param serviceAccountName - the service account e-mail (`iss`).
   * @param privateKey - the PEM key text or bytes (PKCS#1 or PKCS#8).
   * @param scope - space-separated or iterable scopes.
   * @throws {CryptoUnavailableError} the key is PKCS#12; the message shows the openssl command.
   * @throws {InvalidKeyError} the key is not a usable PEM private key.
   */
  constructor(
    serviceAccountName: string,
    privateKey: string | Uint8Array,
    scope: string | Iterable<string>,
    options: SignedJwtAssertionCredentialsOptions = {},
  ) {
    const { privateKeyPassword, additionalClaims, userAgent, tokenUri, revokeUri, ...runtime } =
      options;
    super({
      ...runtime,
      userAgent: userAgent ?? null,
      ...(tokenUri !== undefined && tokenUri !== null && { tokenUri }),
      ...(revokeUri !== undefined && revokeUri !== null && { revokeUri }),
    });
    this.#key = Buffer.from(
      typeof privateKey === 'string' ? Buffer.from(privateKey, 'utf8') : privateKey,
    );
    this.#signer = Signer.fromString(this.#key);
    this.serviceAccountName = serviceAccountName;
    this.scope = scopesToString(scope);
    this.privateKeyPassword = privateKeyPassword ?? 'notasecret';
    this.#claims = Object.freeze({ ...additionalClaims });
  }

  /**
   * Rebuild from 1.5.2 JSON (`private_key` is standard base64 of the key file bytes).
   * `token_expiry` and `revoke_uri` are restored too (1.5.2 dropped them).
   * @throws {ServiceAccountKeyError} a required key is missing or of the wrong type.
   * @throws {CryptoUnavailableError} the key is PKCS#12.
   * @example
   * const credentials = SignedJwtAssertionCredentials.fromJson(text);
   */
  static override fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): SignedJwtAssertionCredentials {
    const build = (fields: Record<string, unknown>, source: JsonSource) =>
      new SignedJwtAssertionCredentials(
        requiredString(fields, 'service_account_name', source),
        Buffer.from(requiredString(fields, 'private_key', source), 'base64'),
        optionalString(fields, 'scope', source) ?? '',
        {
          ...options,
          privateKeyPassword:
            optionalString(fields, 'private_key_password', source) ?? 'notasecret',
          userAgent: optionalString(fields, 'user_agent', source),
          tokenUri: optionalString(fields, 'token_uri', source),
          revokeUri: optionalString(fields, 'revoke_uri', source),
          additionalClaims: optionalObject(fields, 'kwargs', source),
        },
      );
    const { credentials, data } = restoreFromJson(json, JSON_SOURCE, build);
    credentials.retainJsonKeys(data);
    return credentials;
  }

  /** Extra assertion claims (a copy). */
  get additionalClaims(): Record<string, unknown> {
    return { ...this.#claims };
  }

  protected override async generateAssertion(): Promise<string> {
    const payload = assertionPayload(
      Math.floor(this.clock.now() / 1000),
      { aud: this.tokenUri, scope: this.scope, iss: this.serviceAccountName },
      this.#claims,
    );
    return makeSignedJwt(this.#signer, payload);
  }

  /** 1.5.2 key order (fixture `v1.5.2-SignedJwtAssertionCredentials.json`). */
  protected override serializedFields(): Record<string, unknown> {
    return {
      ...super.serializedFields(),
      scope: this.scope,
      private_key: this.#key.toString('base64'),
      private_key_password: this.privateKeyPassword,
      service_account_name: this.serviceAccountName,
      kwargs: { ...this.#claims },
    };
  }

  protected override redactedView(): Record<string, unknown> {
    return {
      ...super.redactedView(),
      serviceAccountName: this.serviceAccountName,
      scope: this.scope,
      additionalClaims: Object.keys(this.#claims),
      privateKey: '[redacted]',
      privateKeyPassword: '[redacted]',
    };
  }
}
