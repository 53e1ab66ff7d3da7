import { Credentials } from '@oauth2/core';
import { AppAssertionCredentials } from './app-assertion-credentials.js';

/**
 * Register `AppAssertionCredentials` with core's `Credentials.newFromJson`, so JSON written by
 * oauth2client 1.5.2 (`_module: oauth2client.gce`, also `oauth2client.contrib.gce`) loads, keeping
 * its scope. Call once at start-up; importing the package registers nothing (no import-time side
 * effects). Idempotent.
 *
 * @example
 * registerGceCredentials();
 * const credentials = Credentials.newFromJson(storedJson); // an AppAssertionCredentials
 */
export function registerGceCredentials(): void {
  Credentials.register('oauth2client.gce', 'AppAssertionCredentials', (data, options) =>
    AppAssertionCredentials.fromJson(data, options),
  );
}
