import { HttpAccessTokenRefreshError } from '@oauth2/core/errors';
import { fixtureJson } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  buildAssertionGrantBody,
  buildRefreshGrantBody,
  refreshErrorFromResponse,
  sanitizeServerText,
  tokenRequestHeaders,
} from './token-endpoint.js';

const vectors = fixtureJson<{ refresh_request: { body: string; headers: Record<string, string> } }>(
  'v4.1.3-wire-vectors.json',
);

describe('token request builders (spec §2.1)', () => {
  it('refresh grant body equals the oauth2client vector', () => {
    expect(
      buildRefreshGrantBody({
        clientId: 'some_client_id',
        clientSecret: 'cOuDdkfjxxnv+',
        refreshToken: '1/0/a.df219fjls0',
      }),
    ).toBe(vectors.refresh_request.body);
  });

  it('a public client (no secret) sends no client_secret rather than "None"', () => {
    expect(buildRefreshGrantBody({ clientId: 'c', clientSecret: null, refreshToken: 'r' })).toBe(
      'grant_type=refresh_token&client_id=c&refresh_token=r',
    );
  });

  it('assertion grant body: assertion first, then the jwt-bearer grant type', () => {
    expect(buildAssertionGrantBody('h.p.s')).toBe(
      'assertion=h.p.s&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer',
    );
  });

  it('headers are exactly content-type (+ user-agent)', () => {
    expect(tokenRequestHeaders('refresh_checker/1.0')).toEqual(vectors.refresh_request.headers);
    expect(tokenRequestHeaders(null)).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
    });
  });
});

describe('refreshErrorFromResponse (spec §2.2, §17.3 item 10)', () => {
  const now = Date.UTC(2016, 1, 1);
  it.each([
    [400, '{"error":"invalid_grant"}', 'invalid_grant', 'invalid_grant', false],
    [
      400,
      '{"error":"invalid_grant","error_description":"Bad Request"}',
      'invalid_grant: Bad Request',
      'invalid_grant',
      false,
    ],
    [401, '{"error":"invalid_client"}', 'invalid_client', 'invalid_client', false],
    [400, '{}', 'Invalid response 400.', 'http_error', false],
    [400, 'not json', 'Invalid response 400.', 'http_error', false],
    [500, '<html>oops</html>', 'Invalid response 500.', 'http_error', true],
    [
      503,
      '{"error":"temporarily_unavailable"}',
      'temporarily_unavailable',
      'temporarily_unavailable',
      true,
    ],
    [429, '', 'Invalid response 429.', 'http_error', true],
    [408, '', 'Invalid response 408.', 'http_error', true],
  ])('%i %s', (status, body, message, code, retryable) => {
    const err = refreshErrorFromResponse(status, new Headers(), body, now);
    expect(err).toBeInstanceOf(HttpAccessTokenRefreshError);
    expect(err.message).toBe(message);
    expect(err).toMatchObject({ status, code, retryable });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(
      refreshErrorFromResponse(503, new Headers({ 'retry-after': '2' }), '', now).retryAfter,
    ).toBe(2);
    const date = new Date(now + 5000).toUTCString();
    expect(
      refreshErrorFromResponse(503, new Headers({ 'retry-after': date }), '', now).retryAfter,
    ).toBe(5);
  });

  it('escapes control characters and bounds server text', () => {
    expect(sanitizeServerText('a\nb\u001b[31m')).toBe('a\\x0ab\\x1b[31m');
    expect(sanitizeServerText('x'.repeat(1000))).toHaveLength(301);
  });
});
