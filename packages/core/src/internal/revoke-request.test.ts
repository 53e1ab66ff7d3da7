import { TokenInfoError, TokenRevokeError } from '@oauth2/core/errors';
import { describe, expect, it } from 'vitest';
import {
  buildRevokeRequest,
  buildTokenInfoRequest,
  interpretRevokeResponse,
  interpretTokenInfoResponse,
} from './revoke-request.js';

const res = (status: number, body: string, headers: Record<string, string> = {}) => ({
  status,
  body,
  headers: new Headers(headers),
});

describe('revoke request (RFC 7009, adversarial C14)', () => {
  const base = { tokenTypeHint: 'refresh_token', clientId: null, clientSecret: null } as const;

  it('is a POST with the token in a form body, never in the URL', () => {
    const { url, init } = buildRevokeRequest(
      'https://example.com/revoke',
      { ...base, token: '1/0/a.df219fjls0' },
      null,
    );
    expect(url).toBe('https://example.com/revoke');
    expect(init).toEqual({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=1%2F0%2Fa.df219fjls0&token_type_hint=refresh_token',
    });
  });

  it.each([
    [
      'a confidential client authenticates in the body (RFC 7009 §2.1)',
      { token: 'rt', tokenTypeHint: 'refresh_token', clientId: 'id+1', clientSecret: 's/1' },
      'token=rt&token_type_hint=refresh_token&client_id=id%2B1&client_secret=s%2F1',
    ],
    [
      'a public client sends its client_id alone',
      { token: 'at', tokenTypeHint: 'access_token', clientId: 'native', clientSecret: null },
      'token=at&token_type_hint=access_token&client_id=native',
    ],
    [
      'no client: the token and its hint only',
      { token: 'at', tokenTypeHint: 'access_token', clientId: null, clientSecret: null },
      'token=at&token_type_hint=access_token',
    ],
    [
      'a secret without a client_id is never sent',
      { token: 'at', tokenTypeHint: 'access_token', clientId: null, clientSecret: 'orphan' },
      'token=at&token_type_hint=access_token',
    ],
  ] as const)('%s', (_name, params, body) => {
    const { url, init } = buildRevokeRequest('https://example.com/revoke?x=1', params, 'ua/1');
    expect(url).toBe('https://example.com/revoke?x=1');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'ua/1',
    });
    expect(init.body).toBe(body);
  });

  it.each([
    [200, '', 'revoked'],
    [204, '', 'revoked'],
    [400, '{"error":"invalid_token"}', 'revoked'],
  ])('%i %s → %s', (status, body, expected) => {
    expect(interpretRevokeResponse(res(status, body), 0)).toBe(expected);
  });

  it.each([
    [400, '{"error":"invalid_request"}', 'invalid_request', false],
    [401, '{"error":"invalid_token"}', 'invalid_token', false],
    [500, 'boom', 'Invalid response 500.', true],
    [503, '', 'Invalid response 503.', true],
  ])('%i %s → TokenRevokeError(%s)', (status, body, message, retryable) => {
    const outcome = interpretRevokeResponse(res(status, body), 0);
    expect(outcome).toBeInstanceOf(TokenRevokeError);
    expect(outcome).toMatchObject({ message, status, retryable });
  });

  it('503 with Retry-After is retryable and carries retryAfter', () => {
    expect(interpretRevokeResponse(res(503, '', { 'retry-after': '30' }), 0)).toMatchObject({
      retryable: true,
      retryAfter: 30,
    });
  });
});

describe('tokeninfo request (spec §3.7, adversarial C14)', () => {
  it('sends the token in the body, not the URL', () => {
    const { url, init } = buildTokenInfoRequest('https://example.com/tokeninfo', '1/3w', 'ua');
    expect(url).toBe('https://example.com/tokeninfo');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('access_token=1%2F3w&fields=scope');
  });

  it.each([
    ['{"scope":"a b"}', ['a', 'b']],
    ['{"scope":""}', ['']],
    ['{}', ['']],
  ])('200 %s → %j', (body, scopes) => {
    expect(interpretTokenInfoResponse(res(200, body))).toEqual(scopes);
  });

  it.each([
    [400, '{"error_description":"Invalid Value"}', 'Invalid Value'],
    [400, '{"error":"invalid_token"}', 'Invalid response 400.'],
    [500, 'x', 'Invalid response 500.'],
    [200, 'not json', 'The token information endpoint answered 200 with a body that is not JSON.'],
    [
      200,
      '[1]',
      'The token information endpoint answered 200 with a body that is not a JSON object.',
    ],
    [200, '{"scope":5}', 'Token information field "scope" must be a string.'],
  ])('%i %s → TokenInfoError(%s)', (status, body, message) => {
    const outcome = interpretTokenInfoResponse(res(status, body));
    expect(outcome).toBeInstanceOf(TokenInfoError);
    expect((outcome as Error).message).toBe(message);
  });
});
