import { Credentials, type ScopableCredentials } from '@oauth2/core';
import { CredentialsCorruptError, NotSerializableError } from '@oauth2/core/errors';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AppAssertionCredentials } from '../src/app-assertion-credentials.js';

const env = { GCE_METADATA_HOST: '127.0.0.1:9' };

describe('AppAssertionCredentials: parsed JSON and the shared ADC interface', () => {
  it('fromJson validates with core’s JSON-object reader instead of casting', () => {
    const text =
      '{"_module": "oauth2client.gce", "_class": "AppAssertionCredentials", "scope": "a b"}';
    expect([...AppAssertionCredentials.fromJson(text).scopes]).toEqual(['a', 'b']);
    for (const bad of ['[1, 2]', 'null', '"scope"', '{"scope": "a"', '{'.repeat(70)]) {
      expect(() => AppAssertionCredentials.fromJson(bad)).toThrow(CredentialsCorruptError);
    }
    Credentials.register(AppAssertionCredentials);
    expect(Credentials.newFromJson(text)).toBeInstanceOf(AppAssertionCredentials);
  });

  it('implements ScopableCredentials', () => {
    expectTypeOf<AppAssertionCredentials>().toExtend<ScopableCredentials>();
    const credentials: ScopableCredentials = new AppAssertionCredentials({ env });
    expect(credentials.createScopedRequired()).toBe(false);
    expect(credentials.createScoped(['s'])).toBeInstanceOf(AppAssertionCredentials);
    expect(() => credentials.serializationData).toThrow(NotSerializableError);
  });
});
