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
  it('is a POST with the token in a form body, never in the URL', () => {
    const { url, init } = buildRevokeRequest(
      'https://example.com/revoke',
      '1/0/a.df219fjls0',
      null,
    );
    expect(url).toBe('https://example.com/revoke');
    expect(init).toEqual({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=1%2F0%2Fa.df219fjls0',
    });
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
