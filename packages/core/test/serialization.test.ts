import { assertNoCanary, canary, fixtureJson, fixtureText, thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  AccessTokenCredentials,
  AssertionCredentials,
  Credentials,
  CredentialsCorruptError,
  GoogleCredentials,
  OAuth2Credentials,
  UnknownCredentialsTypeError,
} from '../src/index.js';
import { CORE_FIXTURES } from './helpers.js';

Credentials.register(OAuth2Credentials, AccessTokenCredentials, GoogleCredentials);

/** Fixtures whose classes other packages register (crypt, gce), and what to call for them. */
const OTHER_FIXTURES = [
  [
    'v1.5.2-SignedJwtAssertionCredentials.json',
    'oauth2client.client.SignedJwtAssertionCredentials',
    'Credentials.register(SignedJwtAssertionCredentials) with SignedJwtAssertionCredentials from @oauth2/crypt',
  ],
  [
    'v1.5.2-gce-AppAssertionCredentials.json',
    'oauth2client.gce.AppAssertionCredentials',
    'Credentials.register(AppAssertionCredentials) with AppAssertionCredentials from @oauth2/gce',
  ],
  [
    'v4.1.3-ServiceAccountCredentials-jsonkey.json',
    'oauth2client.service_account.ServiceAccountCredentials',
    'Credentials.register(ServiceAccountCredentials) with ServiceAccountCredentials from @oauth2/crypt',
  ],
  [
    'v4.1.3-ServiceAccountCredentials-p12.json',
    'oauth2client.service_account.ServiceAccountCredentials',
    'Credentials.register(ServiceAccountCredentials) with ServiceAccountCredentials from @oauth2/crypt',
  ],
  [
    'v4.1.3-JWTAccessCredentials.json',
    'oauth2client.service_account._JWTAccessCredentials',
    'Credentials.register(JwtAccessCredentials) with JwtAccessCredentials from @oauth2/crypt',
  ],
];

describe('to_json (spec §1.3, §17.3 item 1)', () => {
  it('writes the 4.1.3 key set in Python order with PY-JSON formatting', () => {
    const credentials = new OAuth2Credentials({
      accessToken: 'foo',
      clientId: 'some_client_id',
      clientSecret: 'cOuDdkfjxxnv+',
      refreshToken: '1/0/a.df219fjls0',
      tokenExpiry: new Date(Date.UTC(2016, 1, 1, 12, 0, 0, 500)),
      tokenUri: 'https://oauth2.googleapis.com/token',
      userAgent: 'refresh_checker/1.0',
      revokeUri: 'https://oauth2.googleapis.com/revoke',
      idToken: { sub: '123', email: 'user@example.com' },
      idTokenJwt:
        'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiAiMTIzIiwgImVtYWlsIjogInVzZXJAZXhhbXBsZS5jb20ifQ.c2ln',
      tokenResponse: {
        access_token: 'foo',
        expires_in: 3600,
        id_token:
          'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiAiMTIzIiwgImVtYWlsIjogInVzZXJAZXhhbXBsZS5jb20ifQ.c2ln',
      },
      scopes: ['foo', 'bar'],
      tokenInfoUri: 'https://oauth2.googleapis.com/tokeninfo',
    });
    expect(credentials.toJson()).toBe(fixtureText('v4.1.3-OAuth2Credentials.json'));
  });

  it('writes scopes as a list, null fields as null, and non-ASCII as \\u escapes', () => {
    const json = new OAuth2Credentials({ userAgent: 'Zoë/1.0', scopes: 'a b' }).toJson();
    expect(json).toContain('"user_agent": "Zo\\u00eb/1.0"');
    expect(json).toContain('"scopes": ["a", "b"]');
    expect(json).toContain('"token_expiry": null');
    expect(JSON.parse(json)).toMatchObject({
      _class: 'OAuth2Credentials',
      _module: 'oauth2client.client',
    });
  });

  it("writes a token response's NaN/Infinity and exponent floats as Python's json.dumps does", () => {
    const json = new OAuth2Credentials({
      accessToken: 'a',
      tokenResponse: { access_token: 'a', odd: Number.NaN, big: -Infinity, tiny: 1e-7 },
    }).toJson();
    expect(json).toContain(
      '"token_response": {"access_token": "a", "odd": NaN, "big": -Infinity, "tiny": 1e-07}',
    );
  });

  it('each class writes its Python _class name', () => {
    expect(JSON.parse(new AccessTokenCredentials({ accessToken: 'a' }).toJson())._class).toBe(
      'AccessTokenCredentials',
    );
    expect(JSON.parse(new GoogleCredentials().toJson())._class).toBe('GoogleCredentials');
  });
});

describe('from_json (spec §1.3, §17.3 items 2-5)', () => {
  it.each(CORE_FIXTURES)('%s loads into the matching class', (name) => {
    const data = fixtureJson<Record<string, unknown>>(name);
    const credentials = Credentials.newFromJson(fixtureText(name)) as OAuth2Credentials;
    expect(credentials.constructor.name).toBe(data._class);
    expect(credentials.accessToken).toBe(data.access_token);
    expect(credentials.userAgent).toBe(data.user_agent);
    if (data._class !== 'AccessTokenCredentials') {
      expect(credentials.clientId).toBe(data.client_id);
      expect(credentials.clientSecret).toBe(data.client_secret);
      expect(credentials.refreshToken).toBe(data.refresh_token);
      expect(credentials.tokenUri).toBe(data.token_uri);
      expect(credentials.revokeUri).toBe(data.revoke_uri);
      expect(credentials.idToken).toEqual(data.id_token);
      expect(credentials.tokenResponse).toEqual(data.token_response);
      expect([...credentials.scopes]).toEqual(data.scopes);
      expect(credentials.tokenInfoUri).toBe(data.token_info_uri);
      expect(credentials.invalid).toBe(data.invalid);
      expect(credentials.tokenExpiry?.toISOString() ?? null).toBe(
        typeof data.token_expiry === 'string' ? data.token_expiry.replace('Z', '.000Z') : null,
      );
    }
  });

  it.each(['v4.1.3-OAuth2Credentials.json', 'v4.1.3-GoogleCredentials.json'])(
    '%s re-serializes byte for byte',
    (name) => {
      expect(Credentials.newFromJson(fixtureText(name)).toJson()).toBe(fixtureText(name));
    },
  );

  it.each([
    'v1.5.2-OAuth2Credentials.json',
    'v1.5.2-OAuth2Credentials-minimal.json',
    'v1.5.2-GoogleCredentials.json',
  ])('%s re-serializes as the 4.1.3 key set (adds id_token_jwt)', (name) => {
    const expected = fixtureText(name).replace(
      /"id_token": (null|\{[^}]*\}), /,
      '$&"id_token_jwt": null, ',
    );
    expect(Credentials.newFromJson(fixtureText(name)).toJson()).toBe(expected);
  });

  it('from_json(to_json(c)) equals c except sub-second expiry; invalid round-trips', () => {
    const c = new OAuth2Credentials({
      accessToken: 'a',
      clientId: 'c',
      refreshToken: 'r',
      tokenExpiry: new Date(Date.UTC(2030, 0, 1, 0, 0, 0, 999)),
      scopes: 's1 s2',
      invalid: true,
    });
    const back = OAuth2Credentials.fromJson(c.toJson());
    expect(back.toJson()).toBe(c.toJson());
    expect(back.invalid).toBe(true);
    expect(back.tokenExpiry?.getTime()).toBe(Date.UTC(2030, 0, 1));
  });

  it.each([null, 'foobar', '2016-02-01 12:00:00', '2016-02-01T12:00:00.123Z'])(
    'token_expiry %j loads as no expiry (item 3)',
    (value) => {
      const data = {
        ...fixtureJson<Record<string, unknown>>('v1.5.2-OAuth2Credentials.json'),
        token_expiry: value,
      };
      expect((Credentials.newFromJson(data) as OAuth2Credentials).tokenExpiry).toBeNull();
    },
  );

  it('keeps unknown keys and writes them back before _class/_module', () => {
    const data = { ...fixtureJson<Record<string, unknown>>('v4.1.3-OAuth2Credentials.json') };
    const { _class, _module, ...rest } = data;
    const text = JSON.stringify({ ...rest, future_field: { a: [1] }, _class, _module });
    const json = Credentials.newFromJson(text).toJson();
    expect(json).toContain(
      '"invalid": false, "future_field": {"a": [1]}, "_class": "OAuth2Credentials"',
    );
  });

  it('AccessTokenCredentials keep only access_token and user_agent (item 13, parity)', () => {
    const c = Credentials.newFromJson(
      fixtureText('v4.1.3-AccessTokenCredentials.json'),
    ) as AccessTokenCredentials;
    expect(c).toBeInstanceOf(AccessTokenCredentials);
    expect(c.accessToken).toBe('foo');
    expect(c.userAgent).toBe('refresh_checker/1.0');
    expect(c.revokeUri).toBeNull();
  });

  it('GoogleCredentials read every field (4.x dropped token_expiry; we keep it)', () => {
    const data = {
      ...fixtureJson<Record<string, unknown>>('v4.1.3-GoogleCredentials.json'),
      token_expiry: '2030-01-01T00:00:00Z',
    };
    const c = Credentials.newFromJson(data) as GoogleCredentials;
    expect(c).toBeInstanceOf(GoogleCredentials);
    expect(c.tokenExpiry?.getTime()).toBe(Date.UTC(2030, 0, 1));
    expect(c.refreshToken).toBe('alabalaportocala');
  });

  it('accepts UTF-8 bytes and an already-parsed object', () => {
    const text = fixtureText('v1.5.2-OAuth2Credentials.json');
    const fromBytes = Credentials.newFromJson(new TextEncoder().encode(text));
    expect(fromBytes.toJson()).toBe(Credentials.newFromJson(text).toJson());
    expect(Credentials.newFromJson(JSON.parse(text) as object).toJson()).toBe(fromBytes.toJson());
  });
});

describe('fixtures of classes registered by other packages', () => {
  // Runs before any test below registers stand-ins (the registry is per module instance).
  it.each(OTHER_FIXTURES)(
    '%s → UnknownCredentialsTypeError naming %s, saying to call %s',
    (name, qualified, registration) => {
      let err: unknown;
      try {
        Credentials.newFromJson(fixtureText(name));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UnknownCredentialsTypeError);
      expect((err as Error).message).toContain(qualified);
      expect((err as Error).message).toContain(`call ${registration}`);
      expect((err as Error).message).not.toContain('PRIVATE KEY');
    },
  );
});

describe('newFromJson dispatch (spec §1.2, §17.3 item 4)', () => {
  const base = fixtureJson<Record<string, unknown>>('v1.5.2-OAuth2Credentials.json');

  it('maps the legacy oauth2client.googleapiclient.client module and writes the current name', () => {
    const c = Credentials.newFromJson({ ...base, _module: 'oauth2client.googleapiclient.client' });
    expect(c).toBeInstanceOf(OAuth2Credentials);
    expect(JSON.parse(c.toJson())._module).toBe('oauth2client.client');
  });

  it('maps 4.x oauth2client.contrib.* names onto registered 1.5.2 names', () => {
    class FakeGce extends AssertionCredentials {
      static override readonly jsonModule = 'oauth2client.contrib.gce';
      static override readonly jsonClass = 'AppAssertionCredentials';
      protected override async generateAssertion(): Promise<string> {
        return 'unused';
      }
    }
    Credentials.register({
      jsonModule: 'oauth2client.gce',
      jsonClass: 'AppAssertionCredentials',
      fromJson: () => new FakeGce(),
    });
    const json = fixtureJson<Record<string, unknown>>('v1.5.2-gce-AppAssertionCredentials.json');
    expect(Credentials.newFromJson(json)).toBeInstanceOf(FakeGce);
    expect(
      Credentials.newFromJson({ ...json, _module: 'oauth2client.contrib.gce' }),
    ).toBeInstanceOf(FakeGce);
    // Writing uses the class's own module name verbatim (4.x contrib names stay importable).
    expect(JSON.parse(new FakeGce().toJson())._module).toBe('oauth2client.contrib.gce');
  });

  it('file content in _module/_class never reaches the message (only Python names are quoted)', () => {
    const secret = canary();
    for (const data of [
      { ...base, _class: secret },
      { ...base, _module: `oauth2client.client\n${secret}` },
      { ...base, _module: 'x'.repeat(5000) },
    ]) {
      const err = thrownBy(() => Credentials.newFromJson(data), UnknownCredentialsTypeError);
      expect(err.message).toContain('an unrecognised _module/_class');
      expect(err.message.length).toBeLessThan(400);
      assertNoCanary(err, 'UnknownCredentialsTypeError');
    }
  });

  it.each([
    [{ ...base, _module: 'oauth2client.nope' }, /oauth2client\.nope\.OAuth2Credentials/],
    [{ ...base, _class: 'Nope' }, /oauth2client\.client\.Nope/],
    [{ ...base, _module: undefined }, /"_module"/],
    [{ ...base, _class: 7 }, /"_class"/],
  ])('unknown or missing names → UnknownCredentialsTypeError (%#)', (data, message) => {
    expect(() => Credentials.newFromJson(data)).toThrow(UnknownCredentialsTypeError);
    expect(() => Credentials.newFromJson(data)).toThrow(message);
  });

  it.each([
    ['not JSON', '{"access_token": "CANARY-x"'],
    ['an array', '[1, 2]'],
    ['a field of the wrong type', JSON.stringify({ ...base, refresh_token: 42 })],
    ['scopes of the wrong type', JSON.stringify({ ...base, scopes: [1] })],
    ['invalid not a boolean', JSON.stringify({ ...base, invalid: 'no' })],
  ])('%s → CredentialsCorruptError without the bytes', (_label, text) => {
    const err = thrownBy(() => Credentials.newFromJson(text), CredentialsCorruptError);
    expect(String(err.message)).not.toContain('CANARY');
    expect(String(err.message)).not.toContain('1/0/a.df219fjls0');
  });

  it('a registered AssertionCredentials subclass keeps every key of the 1.5.2 SignedJwtAssertionCredentials fixture', () => {
    class SignedJwt extends AssertionCredentials {
      static override readonly jsonClass = 'SignedJwtAssertionCredentials';
      static load(data: Record<string, unknown>): SignedJwt {
        const c = new SignedJwt({
          tokenUri: data.token_uri as string,
          revokeUri: data.revoke_uri as string,
        });
        c.retainJsonKeys(data);
        return c;
      }
      protected override async generateAssertion(): Promise<string> {
        return 'unused';
      }
    }
    Credentials.register({
      jsonModule: 'oauth2client.client',
      jsonClass: 'SignedJwtAssertionCredentials',
      fromJson: (d) => SignedJwt.load(d),
    });
    const text = fixtureText('v1.5.2-SignedJwtAssertionCredentials.json');
    const out = Credentials.newFromJson(text).toJson();
    expect(out).toBe(
      text.replace('"id_token": null, ', '"id_token": null, "id_token_jwt": null, '),
    );
  });
});
