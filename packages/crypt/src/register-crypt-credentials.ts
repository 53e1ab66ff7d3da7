import { Credentials } from '@oauth2/core';
import { JwtAccessCredentials } from './jwt-access-credentials.js';
import { ServiceAccountCredentials } from './service-account-credentials.js';
import { SignedJwtAssertionCredentials } from './signed-jwt-assertion-credentials.js';

/**
 * Teach `Credentials.newFromJson` (and so every storage) the service-account JSON of oauth2client:
 * `oauth2client.client.SignedJwtAssertionCredentials` (1.5.2),
 * `oauth2client.service_account.ServiceAccountCredentials` and `._JWTAccessCredentials` (2.x-4.1.3;
 * the `contrib` spellings too). Importing this package registers nothing (it has no import-time
 * side effects); call this once at start-up. Calling it again is harmless.
 *
 * @example
 * registerCryptCredentials();
 * const credentials = Credentials.newFromJson(await readFile('sa-credentials.json', 'utf8'));
 */
export function registerCryptCredentials(): void {
  Credentials.register('oauth2client.client', 'SignedJwtAssertionCredentials', (data, options) =>
    SignedJwtAssertionCredentials.fromJson(data, options),
  );
  Credentials.register(
    'oauth2client.service_account',
    'ServiceAccountCredentials',
    (data, options) => ServiceAccountCredentials.fromJson(data, options),
  );
  Credentials.register('oauth2client.service_account', '_JWTAccessCredentials', (data, options) =>
    JwtAccessCredentials.fromJson(data, options),
  );
}
