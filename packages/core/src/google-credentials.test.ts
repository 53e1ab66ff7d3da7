import { fixtureJson, fixtureText } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { GoogleCredentials } from './google-credentials.js';
import { GOOGLE_REVOKE_URI } from './wire/endpoints.js';

describe('GoogleCredentials (spec §1.5, §12.5)', () => {
  it('defaults revokeUri to Google’s current endpoint; an explicit null is kept', () => {
    expect(new GoogleCredentials().revokeUri).toBe(GOOGLE_REVOKE_URI);
    expect(GOOGLE_REVOKE_URI).toBe('https://oauth2.googleapis.com/revoke');
    expect(new GoogleCredentials({ revokeUri: null }).revokeUri).toBeNull();
    expect(new GoogleCredentials({ revokeUri: 'https://x/revoke' }).revokeUri).toBe(
      'https://x/revoke',
    );
  });

  it('createScopedRequired() is false and createScoped() returns the same object', () => {
    const c = new GoogleCredentials();
    expect(c.createScopedRequired()).toBe(false);
    expect(c.createScoped(['a'])).toBe(c);
  });

  it('serializationData is the authorized_user file shape', () => {
    const c = GoogleCredentials.fromJson(fixtureText('v1.5.2-GoogleCredentials.json'));
    const wellKnown = fixtureJson<Record<string, unknown>>(
      'v1.5.2-well-known-authorized_user.json',
    );
    expect(c.serializationData).toEqual({
      type: 'authorized_user',
      client_id: '123',
      client_secret: 'secret',
      refresh_token: 'alabalaportocala',
    });
    expect(c.serializationData).toEqual(wellKnown);
  });
});
