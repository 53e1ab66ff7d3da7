import { TokenResponseError } from '@oauth2/core/errors';
import { assertNoCanary, canary, thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from './parse-json.js';
import { parseOAuthErrorBody, parseTokenResponse } from './token-response.js';

const JSON_TYPE = 'application/json';

describe('parseTokenResponse: accepted bodies', () => {
  it('reads every RFC 6749 §5.1 field and keeps the raw object', () => {
    const body = {
      access_token: 'ya29.a',
      token_type: 'Bearer',
      expires_in: 3599,
      refresh_token: '1//r',
      id_token: 'h.p.s',
      scope: 'email profile',
      extra: { x: 1 },
    };
    expect(parseTokenResponse(200, JSON.stringify(body), JSON_TYPE)).toEqual({
      accessToken: 'ya29.a',
      tokenType: 'Bearer',
      expiresIn: 3599,
      refreshToken: '1//r',
      idToken: 'h.p.s',
      scope: 'email profile',
      raw: body,
    });
  });

  it.each([
    ['minimal JSON', '{"access_token":"a"}', JSON_TYPE, { accessToken: 'a' }],
    [
      'token_type in any case',
      '{"access_token":"a","token_type":"bearer"}',
      JSON_TYPE,
      { tokenType: 'bearer' },
    ],
    [
      'expires_in as a digit string (Python int())',
      '{"access_token":"a","expires_in":"3600"}',
      null,
      { expiresIn: 3600 },
    ],
    [
      'fractional expires_in floored',
      '{"access_token":"a","expires_in":3599.9}',
      null,
      { expiresIn: 3599 },
    ],
    [
      'null optional fields ignored',
      '{"access_token":"a","refresh_token":null,"scope":null}',
      null,
      { accessToken: 'a' },
    ],
    [
      'urlencoded (spec §3.3) with expires → expires_in',
      'access_token=SlAV32hkKG&expires=3600',
      'text/plain',
      { accessToken: 'SlAV32hkKG', expiresIn: 3600 },
    ],
    [
      'urlencoded without a content type',
      'access_token=a&token_type=Bearer',
      undefined,
      { tokenType: 'Bearer' },
    ],
  ])('%s', (_label, body, contentType, expected) => {
    expect(parseTokenResponse(200, body, contentType)).toMatchObject(expected);
  });

  it('renames expires to expires_in in raw, as oauth2client stored it', () => {
    expect(parseTokenResponse(200, 'access_token=a&expires=60').raw).toEqual({
      access_token: 'a',
      expires_in: '60',
    });
  });
});

describe('parseTokenResponse: rejected bodies (adversarial C4)', () => {
  const secret = canary();
  it.each([
    ['no access_token', { token_type: 'Bearer', refresh_token: secret }, 'access_token'],
    ['empty access_token', { access_token: '' }, 'access_token'],
    ['null access_token', { access_token: null }, 'access_token'],
    ['numeric access_token', { access_token: 42 }, 'access_token'],
    ['an error field in a 200', { access_token: secret, error: 'invalid_grant' }, 'error'],
    ['token_type mac', { access_token: secret, token_type: 'mac' }, 'token_type'],
    ['expires_in -5', { access_token: secret, expires_in: -5 }, 'expires_in'],
    ['expires_in 0', { access_token: secret, expires_in: 0 }, 'expires_in'],
    ['expires_in "1e400"', { access_token: secret, expires_in: '1e400' }, 'expires_in'],
    ['expires_in "NaN"', { access_token: secret, expires_in: 'NaN' }, 'expires_in'],
    [
      'expires_in 40-digit string',
      { access_token: secret, expires_in: '1234567890123456789012345678901234567890' },
      'expires_in',
    ],
    ['expires_in a boolean', { access_token: secret, expires_in: true }, 'expires_in'],
    ['refresh_token a number', { access_token: secret, refresh_token: 5 }, 'refresh_token'],
    ['id_token an object', { access_token: secret, id_token: { sub: '1' } }, 'id_token'],
    ['scope an array', { access_token: secret, scope: ['a'] }, 'scope'],
  ])('%s → field %s', (_label, body, field) => {
    const err = thrownBy(() => parseTokenResponse(200, JSON.stringify(body), JSON_TYPE));
    expect(err).toBeInstanceOf(TokenResponseError);
    expect(err).toMatchObject({ code: 'invalid_token_response', field });
    expect((err as Error).message).toContain(`"${field}"`);
    assertNoCanary(err, 'the token response error');
  });

  it.each([
    ['a 40-digit number', '1234567890123456789012345678901234567890'],
    ['the number 1e400', '1e400'],
    ['a Python NaN literal', 'NaN'],
    ['a Python -Infinity literal', '-Infinity'],
  ])('expires_in as %s (raw JSON) names the field', (_label, raw) => {
    const err = thrownBy(() =>
      parseTokenResponse(200, `{"access_token": "${secret}", "expires_in": ${raw}}`, JSON_TYPE),
    );
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'expires_in' });
    assertNoCanary(err, 'the token response error');
  });

  it('a Python NaN literal in expires_in names the field', () => {
    const err = thrownBy(() =>
      parseTokenResponse(200, `{"access_token": "${secret}", "expires_in": NaN}`, JSON_TYPE),
    );
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'expires_in' });
    assertNoCanary(err, 'the token response error');
  });

  it.each([
    ['a JSON array', `["${secret}"]`],
    ['JSON null', 'null'],
    ['a JSON string', `"${secret}"`],
    ['a JSON number', '42'],
    ['truncated JSON', `{"access_token": "${secret}"`],
    ['HTML', `<html>${secret}</html>`],
    ['empty', ''],
  ])('%s → typed error without the bytes', (_label, body) => {
    const err = thrownBy(() => parseTokenResponse(200, body, JSON_TYPE));
    expect(err).toBeInstanceOf(TokenResponseError);
    expect(err).toMatchObject({ code: 'invalid_token_response', field: undefined });
    assertNoCanary(err, 'the token response error');
  });

  it('a form body that repeats a key is refused (oauth2client 4.x)', () => {
    const err = thrownBy(() =>
      parseTokenResponse(200, `access_token=${secret}&access_token=b`, 'text/plain'),
    );
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'access_token' });
    assertNoCanary(err, 'the token response error');
  });
});

describe('parseTokenResponse: hostile bodies (issue 9)', () => {
  const secret = canary('ya29.');
  it.each([
    ['a CR/LF header injection', `${secret}\r\nX-Injected: 1`],
    ['a space', `${secret} more`],
    ['a non-ASCII letter', `${secret}é`],
    ['a comma', `${secret},b`],
    ['a NUL', `${secret}\u0000`],
    ['"=" before the end', `=${secret}`],
  ])('S1 an access_token with %s is refused, naming the field', (_label, token) => {
    const err = thrownBy(() =>
      parseTokenResponse(200, JSON.stringify({ access_token: token }), JSON_TYPE),
    );
    expect(err).toBeInstanceOf(TokenResponseError);
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'access_token' });
    assertNoCanary(err, 'the token response error');
  });

  it('S1 every RFC 6750 b64token character is accepted', () => {
    const token = 'AZaz09-._~+/==';
    expect(parseTokenResponse(200, `{"access_token":"${token}"}`, JSON_TYPE).accessToken).toBe(
      token,
    );
  });

  it.each([
    ['a CR/LF', 'Bearer\r\nX-Injected: 1'],
    ['a trailing newline', 'Bearer\n'],
    ['a space', 'Bearer x'],
  ])('S2 a token_type with %s is refused, naming the field', (_label, type) => {
    const err = thrownBy(() =>
      parseTokenResponse(
        200,
        JSON.stringify({ access_token: secret, token_type: type }),
        JSON_TYPE,
      ),
    );
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'token_type' });
    assertNoCanary(err, 'the token response error');
  });

  it('S2 a form-encoded access_token with a CR/LF is refused', () => {
    const body = `access_token=${encodeURIComponent(`${secret}\r\nX: 1`)}`;
    const err = thrownBy(() => parseTokenResponse(200, body, 'text/plain'));
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'access_token' });
  });

  it.each([
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__proto__',
    '__defineGetter__',
  ])('S3 a form body with a "%s" key parses like any other key', (key) => {
    const tokens = parseTokenResponse(200, `${key}=x&access_token=a&expires=60`, 'text/plain');
    expect(tokens).toMatchObject({ accessToken: 'a', expiresIn: 60 });
    expect(Object.hasOwn(tokens.raw, key)).toBe(true);
    expect(tokens.raw[key]).toBe('x');
    expect(Object.getPrototypeOf(tokens.raw)).toBe(Object.prototype);
  });

  it('S3 a form body whose only keys are prototype names has no access_token', () => {
    const err = thrownBy(() => parseTokenResponse(200, 'constructor=a&toString=b', undefined));
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'access_token' });
  });

  it('S3 a form body that repeats a prototype-named key is refused as a repeat', () => {
    const err = thrownBy(() => parseTokenResponse(200, 'access_token=a&toString=1&toString=2'));
    expect(err).toMatchObject({ code: 'invalid_token_response', field: 'toString' });
  });

  it('S4 a token response nested deeper than MAX_JSON_DEPTH is refused without recursion', () => {
    const deep = `{"access_token":"${secret}","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const err = thrownBy(() => parseTokenResponse(200, deep, JSON_TYPE));
    expect(err).toBeInstanceOf(TokenResponseError);
    expect((err as Error).message).toContain(`${MAX_JSON_DEPTH} levels`);
    assertNoCanary(err, 'the token response error');
  });

  it('S4 nesting up to MAX_JSON_DEPTH is accepted', () => {
    const inner = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const tokens = parseTokenResponse(200, `{"access_token":"a","x":${inner}}`, JSON_TYPE);
    expect(tokens.accessToken).toBe('a');
  });

  it('S4 an error body nested too deep reads as no error fields', () => {
    const deep = `{"error":"invalid_grant","x":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`;
    expect(parseOAuthErrorBody(deep)).toEqual({});
  });
});

describe('parseOAuthErrorBody', () => {
  it.each([
    ['{"error":"invalid_grant"}', { error: 'invalid_grant' }],
    [
      '{"error":"invalid_grant","error_description":"Bad Request","error_uri":"https://x"}',
      { error: 'invalid_grant', errorDescription: 'Bad Request', errorUri: 'https://x' },
    ],
    ['{"error":{"code":400}}', {}],
    ['{"error":"e","error_description":7}', { error: 'e' }],
    ['{}', {}],
    ['[]', {}],
    ['null', {}],
    ['not json', {}],
    ['', {}],
  ])('%s', (body, expected) => {
    expect(parseOAuthErrorBody(body)).toEqual(expected);
  });
});
