import { assertNoCanary, canary, thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { MetadataError } from '../errors.js';
import {
  buildMetadataRequest,
  checkAnswer,
  parseServiceAccountInfo,
  parseTextValue,
  parseTokenAnswer,
} from './metadata-wire.js';

const ctx = { host: 'metadata.google.internal', path: '/computeMetadata/v1/x' };
const flavored = (extra: Record<string, string> = {}) =>
  new Headers({ 'Metadata-Flavor': 'Google', ...extra });

const thrown = (fn: () => unknown) => thrownBy(fn, MetadataError);

describe('buildMetadataRequest', () => {
  it('targets the v1 API with the flavor header and an optional query', () => {
    expect(
      buildMetadataRequest('metadata.google.internal', 'instance/service-accounts/default/token'),
    ).toEqual({
      url: 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token',
      path: '/computeMetadata/v1/instance/service-accounts/default/token',
      headers: { 'Metadata-Flavor': 'Google' },
    });
    const scoped = buildMetadataRequest(
      '127.0.0.1:8080',
      'instance/service-accounts/default/token',
      {
        scopes: 'a,b',
      },
    );
    expect(scoped.url).toBe(
      'http://127.0.0.1:8080/computeMetadata/v1/instance/service-accounts/default/token?scopes=a%2Cb',
    );
    expect(scoped.path).not.toContain('?');
  });
});

describe('checkAnswer (G1)', () => {
  it('accepts 200 with Metadata-Flavor: Google', () => {
    expect(() => checkAnswer(200, flavored(), ctx)).not.toThrow();
  });

  it.each([
    ['missing', new Headers()],
    ['another value', new Headers({ 'Metadata-Flavor': 'google' })],
    ['a spoofed value', new Headers({ 'Metadata-Flavor': 'Google, Evil' })],
  ])('rejects a 200 whose flavor is %s as bad_flavor', (_label, headers) => {
    const err = thrown(() => checkAnswer(200, headers, ctx));
    expect(err.code).toBe('metadata_bad_flavor');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Metadata-Flavor: Google');
  });

  it('checks the flavor before the status, and reports a flavored redirect without following it', () => {
    expect(
      thrown(() => checkAnswer(302, new Headers({ location: 'http://evil/' }), ctx)).code,
    ).toBe('metadata_bad_flavor');
    const redirect = thrown(() => checkAnswer(302, flavored({ location: 'http://evil/' }), ctx));
    expect(redirect.code).toBe('metadata_redirect');
    expect(redirect.message).not.toContain('evil');
  });

  it('explains a 404 for a service account (oauth2client hint) and other statuses', () => {
    const missing = thrown(() => checkAnswer(404, flavored(), { ...ctx, account: 'default' }));
    expect(missing.code).toBe('service_account_not_found');
    expect(missing.status).toBe(404);
    expect(missing.message).toContain("Service account 'default' not found");
    expect(missing.message).toContain(
      'This can occur if a VM was created with no service account or scopes',
    );
    expect(thrown(() => checkAnswer(404, flavored(), ctx)).code).toBe('metadata_not_found');
    expect(thrown(() => checkAnswer(403, flavored(), ctx)).message).toContain(
      'lack the requested scopes',
    );
    const transient = thrown(() => checkAnswer(503, flavored(), ctx));
    expect([transient.code, transient.retryable]).toEqual(['metadata_http_error', true]);
    expect(thrown(() => checkAnswer(429, flavored(), ctx)).retryable).toBe(true);
    // core's one isRetryableStatus: 408 (request timeout) is retryable too
    expect(thrown(() => checkAnswer(408, flavored(), ctx)).retryable).toBe(true);
    expect(thrown(() => checkAnswer(400, flavored(), ctx)).retryable).toBe(false);
  });
});

describe('parseTokenAnswer (G3)', () => {
  it('reads access_token, expires_in and token_type', () => {
    expect(
      parseTokenAnswer('{"access_token":"ya29.a","expires_in":3599,"token_type":"Bearer"}', ctx),
    ).toEqual({
      accessToken: 'ya29.a',
      expiresIn: 3599,
      tokenType: 'Bearer',
    });
  });

  it.each([
    ['no access_token', { expires_in: 1 }, 'access_token'],
    ['an empty access_token', { access_token: '', expires_in: 1 }, 'access_token'],
    ['no expires_in', { access_token: 'TOKEN' }, 'expires_in'],
    ['a string expires_in', { access_token: 'TOKEN', expires_in: '3600' }, 'expires_in'],
    ['a negative expires_in', { access_token: 'TOKEN', expires_in: -5 }, 'expires_in'],
    ['a mac token', { access_token: 'TOKEN', expires_in: 1, token_type: 'mac' }, 'token_type'],
  ])('gives malformed naming the field for %s, never the token', (_label, body, field) => {
    const secret = canary('ya29.');
    const json = JSON.stringify(body).replace('TOKEN', secret);
    const err = thrown(() => parseTokenAnswer(json, ctx));
    expect([err.code, err.field]).toEqual(['metadata_malformed', field]);
    expect(err.message).toContain(`'${field}'`);
    assertNoCanary(err, 'the malformed-answer error');
  });

  it('refuses a body that is not a JSON object without quoting it', () => {
    const secret = canary();
    for (const body of [`{"access_token":"${secret}"`, `["${secret}"]`, 'null']) {
      const err = thrown(() => parseTokenAnswer(body, ctx));
      expect(err.code).toBe('metadata_malformed');
      assertNoCanary(err);
    }
  });
});

describe('service account info and text values', () => {
  it('parses the recursive service-account answer', () => {
    expect(
      parseServiceAccountInfo(
        '{"aliases":["default"],"email":"sa@p.iam.gserviceaccount.com","scopes":["s1"]}',
        ctx,
      ),
    ).toEqual({ email: 'sa@p.iam.gserviceaccount.com', scopes: ['s1'], aliases: ['default'] });
    expect(thrown(() => parseServiceAccountInfo('{"scopes":[]}', ctx)).field).toBe('email');
    expect(thrown(() => parseServiceAccountInfo('{"email":"e","scopes":"s1"}', ctx)).field).toBe(
      'scopes',
    );
  });

  it('defaults absent or null lists to [] and token_type to Bearer', () => {
    expect(parseServiceAccountInfo('{"email":"e","scopes":null}', ctx)).toEqual({
      email: 'e',
      scopes: [],
      aliases: [],
    });
    expect(parseTokenAnswer('{"access_token":"t","expires_in":0,"token_type":null}', ctx)).toEqual({
      accessToken: 't',
      expiresIn: 0,
      tokenType: 'Bearer',
    });
    expect(
      parseTokenAnswer('{"access_token":"t","expires_in":1,"token_type":"bEaReR"}', ctx).tokenType,
    ).toBe('Bearer');
  });

  it('names the first bad field in order, and never the values around it', () => {
    const secret = canary('ya29.');
    const cases: [string, unknown, string][] = [
      ['token', { access_token: { t: secret }, expires_in: 'x' }, 'access_token'],
      ['token', { access_token: secret, expires_in: [secret] }, 'expires_in'],
      ['token', { access_token: secret, expires_in: 1, token_type: secret }, 'token_type'],
      ['info', { email: secret, scopes: ['s', { x: secret }] }, 'scopes'],
      ['info', { email: secret, aliases: secret }, 'aliases'],
      ['info', { email: [secret] }, 'email'],
    ];
    for (const [kind, body, field] of cases) {
      const parse = kind === 'token' ? parseTokenAnswer : parseServiceAccountInfo;
      const err = thrown(() => parse(JSON.stringify(body), ctx));
      expect([err.code, err.field]).toEqual(['metadata_malformed', field]);
      assertNoCanary(err, `the ${field} error`);
    }
  });

  it('keeps a project number above 2^53 exactly, as a string', () => {
    expect(parseTextValue('9223372036854775807', ctx, /^\d+$/)).toBe('9223372036854775807');
    expect(thrown(() => parseTextValue('12a', ctx, /^\d+$/)).code).toBe('metadata_malformed');
  });
});
