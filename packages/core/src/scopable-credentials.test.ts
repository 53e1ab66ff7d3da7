import { describe, expect, expectTypeOf, it } from 'vitest';
import { GoogleCredentials } from './google-credentials.js';
import type { ScopableCredentials } from './scopable-credentials.js';

describe('ScopableCredentials', () => {
  it('GoogleCredentials implements it (type test) and answers through it', () => {
    expectTypeOf<GoogleCredentials>().toExtend<ScopableCredentials>();
    const credentials: ScopableCredentials = new GoogleCredentials({ clientId: 'id' });
    expect(credentials.createScopedRequired()).toBe(false);
    expect(credentials.serializationData).toMatchObject({ type: 'authorized_user' });
  });
});
