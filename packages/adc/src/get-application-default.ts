import type { Credentials } from '@oauth2/core';
import {
  ApplicationDefaultCredentials,
  type ApplicationDefaultOptions,
} from './application-default-credentials.js';

/**
 * Find Application Default Credentials once (a new search per call; keep an
 * {@link ApplicationDefaultCredentials} to memoise). Port of
 * `GoogleCredentials.get_application_default()`.
 *
 * @throws {ApplicationDefaultCredentialsError} nothing found, or the chosen source is broken
 *   (see {@link ApplicationDefaultCredentials.getApplicationDefault}).
 * @example
 * const credentials = await getApplicationDefault({ scopes: 'https://www.googleapis.com/auth/cloud-platform' });
 * const { accessToken } = await credentials.getAccessToken();
 */
export function getApplicationDefault(
  options: ApplicationDefaultOptions = {},
): Promise<Credentials> {
  return new ApplicationDefaultCredentials(options).getApplicationDefault();
}
