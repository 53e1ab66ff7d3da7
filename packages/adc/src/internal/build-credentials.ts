import {
  type Credentials,
  type CredentialsRuntimeOptions,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_URI,
} from '@oauth2/core';
import { OAuth2Error } from '@oauth2/core/errors';
import type { Signer } from '@oauth2/crypt';
import { AuthorizedUserCredentials } from '../authorized-user-credentials.js';
import type { AdcFile } from './adc-file.js';
import { type FileOrigin, readingError } from './load-adc-file.js';

/** What building credentials from a file needs besides the file. */
export interface BuildOptions extends CredentialsRuntimeOptions {
  /** Scopes for service accounts (user credentials carry their own). */
  scopes?: string | Iterable<string> | undefined;
  /** Token endpoint override (default: the file's `token_uri`, else Google's). */
  tokenUri?: string | undefined;
}

/** Runtime options only (what a credential class accepts besides its fields). */
export function runtimeOptions(options: BuildOptions): CredentialsRuntimeOptions {
  const { scopes: _scopes, tokenUri: _tokenUri, ...runtime } = options;
  return runtime;
}

/**
 * Build the credential a validated file describes: `authorized_user` → {@link AuthorizedUserCredentials};
 * `service_account` → `ServiceAccountFileCredentials`, a @oauth2/crypt `ServiceAccountCredentials`
 * (imported only then, so user credentials never load the JWT code). Both send the file's
 * `quota_project_id` as `x-goog-user-project`.
 */
export async function buildCredentials(
  file: AdcFile,
  path: string,
  origin: FileOrigin,
  options: BuildOptions,
): Promise<Credentials> {
  if (file.type === 'authorized_user') {
    return new AuthorizedUserCredentials({
      ...runtimeOptions(options),
      clientId: file.clientId,
      clientSecret: file.clientSecret,
      refreshToken: file.refreshToken,
      tokenUri: options.tokenUri ?? file.tokenUri ?? GOOGLE_TOKEN_URI,
      quotaProjectId: file.quotaProjectId,
    });
  }
  const [crypt, { ServiceAccountFileCredentials }] = await Promise.all([
    import('@oauth2/crypt'),
    import('../service-account-file-credentials.js'),
  ]);
  let signer: Signer;
  try {
    signer = crypt.Signer.fromString(file.privateKey);
  } catch (err) {
    // @oauth2/crypt's messages never contain key material (its contract); the raw cause might.
    if (err instanceof OAuth2Error) {
      throw readingError(path, origin, `The 'private_key' field is not usable: ${err.message}`);
    }
    throw readingError(path, origin, "The 'private_key' field could not be loaded.");
  }
  return new ServiceAccountFileCredentials({
    ...runtimeOptions(options),
    serviceAccountEmail: file.clientEmail,
    signer,
    privateKeyPkcs8Pem: file.privateKey,
    privateKeyId: file.privateKeyId,
    clientId: file.clientId,
    scopes: options.scopes ?? '',
    tokenUri: options.tokenUri ?? file.tokenUri ?? GOOGLE_TOKEN_URI,
    revokeUri: file.revokeUri ?? GOOGLE_REVOKE_URI,
    quotaProjectId: file.quotaProjectId,
  });
}
