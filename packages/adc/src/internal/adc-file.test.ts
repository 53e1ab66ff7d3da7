import { assertNoCanary, canary, fixtureText, thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { AdcFileProblem, parseAdcFile } from './adc-file.js';

const gcloud = (name: string) => fixtureText(`upstream-tests-data-v4.1.3/gcloud/${name}`);
const authorizedUserBody = () => ({
  type: 'authorized_user',
  client_id: '1',
  client_secret: 's',
  refresh_token: 'r',
});

const problem = (text: string) => thrownBy(() => parseAdcFile(text), AdcFileProblem);

describe('parseAdcFile (spec §12.2)', () => {
  it('reads the upstream authorized_user and service_account files', () => {
    expect(parseAdcFile(gcloud('application_default_credentials_authorized_user.json'))).toEqual({
      type: 'authorized_user',
      clientId: '123',
      clientSecret: 'secret',
      refreshToken: 'alabalaportocala',
      quotaProjectId: undefined,
      tokenUri: undefined,
    });
    const sa = parseAdcFile(gcloud('application_default_credentials.json'));
    expect(sa).toMatchObject({
      type: 'service_account',
      clientEmail: 'dummy@google.com',
      clientId: '123',
      privateKeyId: 'ABCDEF',
    });
  });

  it("gives oauth2client's type message for malformed_1 (type serviceaccount)", () => {
    expect(problem(gcloud('application_default_credentials_malformed_1.json')).message).toBe(
      "'type' field should be defined (and have one of the 'authorized_user' or 'service_account' values)",
    );
  });

  it('names the missing field for malformed_2', () => {
    expect(problem(gcloud('application_default_credentials_malformed_2.json')).message).toBe(
      'The following field(s) must be defined: private_key_id',
    );
  });

  it('reports invalid JSON (malformed_3) with a position and no content', () => {
    const err = problem(gcloud('application_default_credentials_malformed_3.json'));
    expect(err.message).toMatch(/^The file is not valid JSON \(error at character \d+\)\.$/);
  });

  it('lists every missing field in order', () => {
    expect(problem('{"type": "authorized_user"}').message).toBe(
      'The following field(s) must be defined: client_id, client_secret, refresh_token',
    );
    expect(problem('{"type": "service_account", "client_id": "1"}').message).toBe(
      'The following field(s) must be defined: client_email, private_key_id, private_key',
    );
  });

  it.each([
    ['{}'],
    ['{"type": "external_account"}'],
    ['{"type": null}'],
    ['{"type": ["authorized_user"]}'],
  ])('lists the supported types for %s', (text) => {
    expect(problem(text).message).toContain(
      "one of the 'authorized_user' or 'service_account' values",
    );
  });

  it('refuses non-objects, non-string fields and non-http token URIs', () => {
    expect(problem('[]').message).toBe('The file must hold a JSON object.');
    expect(
      problem('{"type":"authorized_user","client_id":1,"client_secret":"s","refresh_token":"r"}')
        .message,
    ).toBe('The following field(s) must be strings: client_id');
    expect(
      problem(
        '{"type":"authorized_user","client_id":"1","client_secret":"s","refresh_token":"r","token_uri":"file:///x"}',
      ).message,
    ).toBe("The 'token_uri' field must be an http(s) URL.");
  });

  it('treats null as missing, and an empty optional field as absent', () => {
    expect(
      problem('{"type":"authorized_user","client_id":null,"client_secret":"s","refresh_token":"r"}')
        .message,
    ).toBe('The following field(s) must be defined: client_id');
    expect(
      parseAdcFile(
        JSON.stringify({ ...authorizedUserBody(), quota_project_id: '', token_uri: null }),
      ),
    ).toMatchObject({ quotaProjectId: undefined, tokenUri: undefined });
  });

  it('reports missing fields before wrong types, and wrong types before a bad token_uri', () => {
    expect(
      problem('{"type":"authorized_user","client_id":1,"refresh_token":"r","token_uri":"ftp://x"}')
        .message,
    ).toBe('The following field(s) must be defined: client_secret');
    expect(
      problem(
        '{"type":"authorized_user","client_id":1,"client_secret":"s","refresh_token":"r","project_id":2,"token_uri":"ftp://x"}',
      ).message,
    ).toBe('The following field(s) must be strings: client_id, project_id');
  });

  it('hands the whole service-account object to @oauth2/crypt, unknown fields included', () => {
    const body = {
      type: 'service_account',
      client_id: '1',
      client_email: 'e@x',
      private_key_id: 'k',
      private_key: 'pem',
      universe_domain: 'googleapis.com',
    };
    const file = parseAdcFile(JSON.stringify(body));
    expect(file.type === 'service_account' && file.data).toEqual(body);
  });

  it('keeps quota_project_id, token_uri and project_id', () => {
    const user = parseAdcFile(
      '{"type":"authorized_user","client_id":"1","client_secret":"s","refresh_token":"r","quota_project_id":"q","token_uri":"http://127.0.0.1:1/token"}',
    );
    expect(user).toMatchObject({ quotaProjectId: 'q', tokenUri: 'http://127.0.0.1:1/token' });
  });

  it('never quotes key material, whatever is wrong (A2)', () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${canary()}\n-----END PRIVATE KEY-----\n`;
    const secret = canary();
    const bodies = [
      { type: 'serviceaccount', private_key: key, client_secret: secret },
      { type: key },
      { type: 'service_account', private_key: key, client_id: 1 },
      { type: 'authorized_user', client_secret: secret },
      // Wrong types and bad URLs around secrets: the parser sees these values, the messages must not.
      {
        type: 'service_account',
        client_id: '1',
        client_email: { nested: secret },
        private_key_id: [secret],
        private_key: key,
      },
      {
        type: 'service_account',
        client_id: '1',
        client_email: 'e',
        private_key_id: 'k',
        private_key: 7,
      },
      { ...authorizedUserBody(), client_secret: secret, token_uri: `file:///${secret}` },
      { ...authorizedUserBody(), client_secret: secret, quota_project_id: { q: secret } },
    ].map((b) => JSON.stringify(b));
    bodies.push(`{"type": "service_account", "private_key": "${secret}" "oops"}`, `${secret}`);
    for (const body of bodies) assertNoCanary(problem(body), 'an ADC file error');
  });

  it('S4 refuses a file nested deeper than MAX_JSON_DEPTH without parsing it', () => {
    const deep = JSON.stringify({ ...authorizedUserBody(), x: 0 }).replace(
      '0',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    expect(problem(deep).message).toBe(
      'The file is not valid JSON (nested deeper than 64 levels).',
    );
  });

  it.each(['constructor', 'toString', '__proto__'])('a "%s" key is data, not a field', (key) => {
    const body = `{"type":"authorized_user","${key}":"x","client_id":"1","client_secret":"s"}`;
    expect(problem(body).message).toBe('The following field(s) must be defined: refresh_token');
  });
});
