import { formatExpiry } from '@oauth2/core';
import { testKeys } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { ServiceAccountCredentials } from '../service-account-credentials.js';
import { SignedJwtAssertionCredentials } from '../signed-jwt-assertion-credentials.js';

const email = 'sa@project.iam.gserviceaccount.com';
const stored = (tokenExpiry: string) =>
  JSON.parse(
    ServiceAccountCredentials.fromPem(email, testKeys.privateKeyPem, { privateKeyId: 'kid' })
      .toJson()
      .replace('"token_expiry": null', `"token_expiry": ${JSON.stringify(tokenExpiry)}`),
  ) as Record<string, unknown>;

describe('restoreState: token_expiry through core’s one parser (as Python’s strptime)', () => {
  it('2024-02-30T00:00:00Z is no expiry, not 1 March', () => {
    const data = stored('2024-02-30T00:00:00Z');
    expect(data.token_expiry).toBe('2024-02-30T00:00:00Z');
    expect(ServiceAccountCredentials.fromJson(data).tokenExpiry).toBeNull();
  });

  it('a real date round-trips, in both crypt credential formats', () => {
    const when = '2024-02-29T12:34:56Z';
    const restored = ServiceAccountCredentials.fromJson(stored(when));
    expect(restored.tokenExpiry && formatExpiry(restored.tokenExpiry)).toBe(when);
    const legacy = JSON.parse(
      new SignedJwtAssertionCredentials(email, testKeys.privateKeyPem, 'scope').toJson(),
    ) as Record<string, unknown>;
    legacy.token_expiry = '2023-02-29T00:00:00Z';
    expect(SignedJwtAssertionCredentials.fromJson(legacy).tokenExpiry).toBeNull();
    legacy.token_expiry = when;
    expect(SignedJwtAssertionCredentials.fromJson(legacy).tokenExpiry?.toISOString()).toBe(
      '2024-02-29T12:34:56.000Z',
    );
  });
});
