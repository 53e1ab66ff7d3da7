import { fixtureText, runPython } from '@oauth2/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AccessTokenCredentials,
  Credentials,
  GoogleCredentials,
  OAuth2Credentials,
} from '../src/index.js';
import { CORE_FIXTURES } from './helpers.js';

Credentials.register(OAuth2Credentials, AccessTokenCredentials, GoogleCredentials);

/**
 * Interop with the real python3-oauth2client 4.1.3 (spec §17.3 item 5): our JSON loads there
 * with equal fields, and JSON written there loads here (and re-serializes to the same bytes).
 * All cases run in one Python process.
 */
const PYTHON = String.raw`
import sys, json, datetime
from oauth2client.client import Credentials, OAuth2Credentials, AccessTokenCredentials, GoogleCredentials

inp = json.load(sys.stdin)
out = {'loaded': [], 'written': {}}
for s in inp['ours']:
    c = Credentials.new_from_json(s)
    d = {k: v for k, v in c.__dict__.items() if k != 'store'}
    d['_class'] = type(c).__name__
    d['token_expiry'] = c.token_expiry.strftime('%Y-%m-%dT%H:%M:%SZ') if c.token_expiry else None
    d['scopes'] = sorted(c.scopes)
    out['loaded'].append(d)

exp = datetime.datetime(2030, 1, 2, 3, 4, 5)
out['written']['oauth2'] = OAuth2Credentials(
    'at-\u00fc', 'cid', 'sec"ret\\', '1/rt+x', exp, 'https://t.example/token', 'ua \u2713/1.0',
    revoke_uri='https://t.example/revoke', id_token={'sub': '1', 'name': 'Zo\u00eb'},
    token_response={'access_token': 'at', 'expires_in': 3600, 'nested': [1, None, True]},
    scopes='only', token_info_uri='https://t.example/info', id_token_jwt='a.b.c').to_json()
invalid = OAuth2Credentials('at', 'cid', None, 'rt', None, 'https://t.example/token', None)
invalid.invalid = True
out['written']['invalid'] = invalid.to_json()
out['written']['access'] = AccessTokenCredentials('at2', 'ua2', revoke_uri='https://t.example/revoke').to_json()
out['written']['google'] = GoogleCredentials('at3', 'cid3', 'sec3', 'rt3', exp, 'https://t.example/token', 'ua3').to_json()
print(json.dumps(out))
`;

interface PythonResult {
  loaded: Record<string, unknown>[];
  written: Record<'oauth2' | 'invalid' | 'access' | 'google', string>;
}

/** The fields Python's from_json restores, per class (spec §1.3-1.5). */
const RESTORED: Record<string, string[]> = {
  OAuth2Credentials: [
    'access_token',
    'client_id',
    'client_secret',
    'refresh_token',
    'token_expiry',
    'token_uri',
    'user_agent',
    'revoke_uri',
    'id_token',
    'id_token_jwt',
    'token_response',
    'scopes',
    'token_info_uri',
    'invalid',
  ],
  AccessTokenCredentials: ['access_token', 'user_agent'],
  GoogleCredentials: [
    'access_token',
    'client_id',
    'client_secret',
    'refresh_token',
    'token_uri',
    'user_agent',
    'revoke_uri',
    'invalid',
  ],
};

function fieldsOf(c: OAuth2Credentials): Record<string, unknown> {
  const json = JSON.parse(c.toJson()) as Record<string, unknown>;
  return { ...json, scopes: [...c.scopes].sort() };
}

describe('interop with python3-oauth2client 4.1.3', () => {
  let ours: OAuth2Credentials[];
  let result: PythonResult;

  beforeAll(async () => {
    ours = [
      ...CORE_FIXTURES.map(
        (name) => Credentials.newFromJson(fixtureText(name)) as OAuth2Credentials,
      ),
      new OAuth2Credentials({
        accessToken: 'a-\u00e9',
        clientId: 'c',
        clientSecret: 's+/=',
        refreshToken: 'r',
        tokenExpiry: new Date(Date.UTC(2031, 5, 6, 7, 8, 9, 500)),
        tokenUri: 'https://t.example/token',
        userAgent: 'Zo\u00eb \ud83d\ude00',
        scopes: ['x', 'y'],
        idToken: { sub: '9' },
        idTokenJwt: 'h.p.s',
        tokenResponse: { access_token: 'a', expires_in: 60 },
        invalid: true,
      }),
      new GoogleCredentials({
        clientId: 'g',
        clientSecret: 'gs',
        refreshToken: 'gr',
        tokenUri: 'https://t.example/token',
      }),
      new AccessTokenCredentials({ accessToken: 'only', userAgent: 'ua' }),
    ];
    const stdout = await runPython(PYTHON, JSON.stringify({ ours: ours.map((c) => c.toJson()) }));
    result = JSON.parse(stdout) as PythonResult;
  });

  it('every credential we write loads in Python with equal fields', () => {
    expect(result.loaded).toHaveLength(ours.length);
    ours.forEach((c, i) => {
      const python = result.loaded[i] as Record<string, unknown>;
      const className = JSON.parse(c.toJson())._class as string;
      expect(python._class).toBe(className);
      const mine = fieldsOf(c);
      for (const key of RESTORED[className] ?? []) {
        expect({ index: i, key, value: python[key] }).toEqual({ index: i, key, value: mine[key] });
      }
    });
  });

  it('Python-written OAuth2Credentials load here and re-serialize to the same bytes', () => {
    const c = Credentials.newFromJson(result.written.oauth2) as OAuth2Credentials;
    expect(c).toBeInstanceOf(OAuth2Credentials);
    expect(c.accessToken).toBe('at-\u00fc');
    expect(c.clientSecret).toBe('sec"ret\\');
    expect(c.userAgent).toBe('ua \u2713/1.0');
    expect(c.tokenExpiry?.getTime()).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(c.idToken).toEqual({ sub: '1', name: 'Zo\u00eb' });
    expect([...c.scopes]).toEqual(['only']);
    expect(c.toJson()).toBe(result.written.oauth2);
  });

  it('Python-written invalid, access-token and Google credentials load here', () => {
    const invalid = Credentials.newFromJson(result.written.invalid) as OAuth2Credentials;
    expect(invalid.invalid).toBe(true);
    expect(invalid.clientSecret).toBeNull();
    expect(invalid.toJson()).toBe(result.written.invalid);

    const access = Credentials.newFromJson(result.written.access);
    expect(access).toBeInstanceOf(AccessTokenCredentials);
    expect((access as AccessTokenCredentials).accessToken).toBe('at2');

    const google = Credentials.newFromJson(result.written.google) as GoogleCredentials;
    expect(google).toBeInstanceOf(GoogleCredentials);
    expect(google.refreshToken).toBe('rt3');
    expect(google.tokenExpiry?.getTime()).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(google.toJson()).toBe(result.written.google);
  });
});
