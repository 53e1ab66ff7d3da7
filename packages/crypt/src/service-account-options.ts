import type { CredentialsRuntimeOptions } from '@oauth2/core';
import type { Signer } from './signer.js';

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
  /** The PEM text the key came from, kept for `toJson()` and `serializationData`. */
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

/** The gcloud / ADC service-account file shape (`ServiceAccountCredentials.serializationData`). */
export interface ServiceAccountData {
  type: 'service_account';
  client_email: string;
  private_key_id: string | null;
  private_key: string | null;
  client_id: string | null;
}
