import { describe, expect, it } from 'vitest';
import { fixtureJson, testKeys } from './fixtures.js';

describe('fixtures', () => {
  it('reads the shared oauth2client fixtures and test keys', () => {
    expect(fixtureJson<{ _class: string }>('v1.5.2-OAuth2Credentials.json')._class).toBe(
      'OAuth2Credentials',
    );
    expect(testKeys.privateKeyPem).toContain('BEGIN RSA PRIVATE KEY');
    expect(Object.keys(testKeys.certsJson)).toEqual(['foo']);
  });
});
