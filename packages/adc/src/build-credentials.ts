import { type Credentials, GOOGLE_REVOKE_URI, GOOGLE_TOKEN_URI } from '@oauth2/core';
import { OAuth2Error } from '@oauth2/core/errors';
import type { Signer } from '@oauth2/crypt';
import { AuthorizedUserCredentials } from './authorized-user-credentials.js';
import type { AdcFile } from './internal/adc-file.js';
import { type BuildOptions, runtimeOptions } from './internal/build-options.js';
import { type FileOrigin, readingError } from './internal/load-adc-file.js';

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
    import('./service-account-file-credentials.js'),
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
