import { fixtureText, thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  AccessTokenCredentials,
  Credentials,
  GoogleCredentials,
  MemoryStorage,
  OAuth2Credentials,
  UnknownCredentialsTypeError,
} from '../src/index.js';

// Each test file gets its own module graph, so the registry starts empty here: importing core
// registered nothing (issue 11: no import-time side effects).
describe('Credentials.register: one style, nothing at import (issue 11)', () => {
  it('R1 importing @oauth2/core registers no class; the error names the call to make', () => {
    const err = thrownBy(() =>
      Credentials.newFromJson(fixtureText('v1.5.2-OAuth2Credentials.json')),
    );
    expect(err).toBeInstanceOf(UnknownCredentialsTypeError);
    expect((err as Error).message).toContain(
      'call Credentials.register(OAuth2Credentials) with OAuth2Credentials from @oauth2/core',
    );
  });

  it('R2 a class is known once registered; registering again is harmless', () => {
    class Custom extends AccessTokenCredentials {
      static override readonly jsonModule = 'my_app.creds';
      static override readonly jsonClass = 'Custom';
      static override fromJson(data: Record<string, unknown>): Custom {
        return new Custom({ accessToken: data.access_token as string });
      }
    }
    const json = { _module: 'my_app.creds', _class: 'Custom', access_token: 'a' };
    expect(() => Credentials.newFromJson(json)).toThrow(UnknownCredentialsTypeError);
    Credentials.register(Custom, Custom);
    const loaded = Credentials.newFromJson(json);
    expect(loaded).toBeInstanceOf(Custom);
    expect((loaded as Custom).accessToken).toBe('a');
  });

  it("R3 constructing a Storage registers core's classes, which stores hold", () => {
    expect(() => Credentials.newFromJson(fixtureText('v1.5.2-GoogleCredentials.json'))).toThrow(
      UnknownCredentialsTypeError,
    );
    new MemoryStorage();
    expect(Credentials.newFromJson(fixtureText('v1.5.2-GoogleCredentials.json'))).toBeInstanceOf(
      GoogleCredentials,
    );
    expect(
      Credentials.newFromJson(fixtureText('v1.5.2-AccessTokenCredentials.json')),
    ).toBeInstanceOf(AccessTokenCredentials);
    expect(Credentials.newFromJson(fixtureText('v1.5.2-OAuth2Credentials.json'))).toBeInstanceOf(
      OAuth2Credentials,
    );
  });
});
