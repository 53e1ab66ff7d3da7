import { GoogleCredentials, type ScopableCredentials } from '@oauth2/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AuthorizedUserCredentials } from '../authorized-user-credentials.js';
import type { ServiceAccountFileCredentials } from '../service-account-file-credentials.js';
import { QUOTA_PROJECT_HEADER, withQuotaProject } from './quota-project.js';

describe('withQuotaProject (the one quota-project implementation)', () => {
  it('reads quotaProjectId, sets x-goog-user-project and adds quota_project_id', () => {
    const options = { accessToken: 'at', refreshToken: 'rt', quotaProjectId: 'q' };
    const credentials = new AuthorizedUserCredentials(options);
    expect(credentials).toBeInstanceOf(GoogleCredentials);
    expect(Object.getPrototypeOf(AuthorizedUserCredentials).name).toBe(
      withQuotaProject(GoogleCredentials).name,
    );
    expect(credentials.quotaProjectId).toBe('q');
    const headers = new Headers();
    credentials.apply(headers);
    expect([headers.get('authorization'), headers.get(QUOTA_PROJECT_HEADER)]).toEqual([
      'Bearer at',
      'q',
    ]);
    const plain: Record<string, string> = {};
    credentials.apply(plain);
    expect(plain[QUOTA_PROJECT_HEADER]).toBe('q');
    expect(credentials.serializationData).toEqual({
      type: 'authorized_user',
      client_id: null,
      client_secret: null,
      refresh_token: 'rt',
      quota_project_id: 'q',
    });
    // The option is the mixin's: it is not passed on to the base class's fields or JSON.
    expect(credentials.toJson()).not.toContain('quota');
  });

  it('without a quota project, neither the header nor the field appears', () => {
    const credentials = new AuthorizedUserCredentials({ accessToken: 'at' });
    const headers = new Headers();
    credentials.apply(headers);
    expect(headers.has(QUOTA_PROJECT_HEADER)).toBe(false);
    expect(credentials.serializationData).not.toHaveProperty('quota_project_id');
  });

  it('both ADC file credentials implement ScopableCredentials (type test)', () => {
    expectTypeOf<AuthorizedUserCredentials>().toExtend<ScopableCredentials>();
    expectTypeOf<ServiceAccountFileCredentials>().toExtend<ScopableCredentials>();
    expectTypeOf<ServiceAccountFileCredentials['quotaProjectId']>().toEqualTypeOf<
      string | undefined
    >();
  });
});
