import { OAuth2Credentials } from '@oauth2/core';
import { describe, expect, it } from 'vitest';
import { summarizeCredentials, summarizeJson } from './credential-summary.js';

const NOW = Date.UTC(2026, 0, 1, 12);

function credentials(fields: {
  expiresInMs?: number;
  refreshToken?: string | null;
  invalid?: boolean;
}) {
  const c = new OAuth2Credentials({
    accessToken: 'at',
    clientId: 'id',
    refreshToken: fields.refreshToken === undefined ? 'rt' : fields.refreshToken,
    tokenUri: 'https://op.example/token',
    tokenExpiry: fields.expiresInMs === undefined ? null : new Date(NOW + fields.expiresInMs),
    scopes: ['openid', 'email'],
  });
  if (fields.invalid) c.invalid = true;
  return c;
}

describe('credential summaries agree with the credential objects', () => {
  it.each([
    ['no expiry', {}, { usable: true, fresh: true }],
    ['an hour left', { expiresInMs: 3600_000 }, { usable: true, fresh: true }],
    ['inside the 5-minute window', { expiresInMs: 60_000 }, { usable: true, fresh: false }],
    ['expired with a refresh token', { expiresInMs: -1000 }, { usable: true, fresh: false }],
    [
      'expired without one',
      { expiresInMs: -1000, refreshToken: null },
      { usable: false, fresh: false },
    ],
    ['invalid', { invalid: true }, { usable: false, fresh: false }],
  ])('%s', (_, fields, expected) => {
    const c = credentials(fields);
    const fromJson = summarizeJson(c.toJson(), NOW);
    const fromObject = summarizeCredentials(c, NOW);
    expect(fromJson).toMatchObject(expected);
    expect(fromObject).toMatchObject(expected);
    expect([...fromJson.scopes].sort()).toEqual(['email', 'openid']);
    expect(fromJson.hasRefreshToken).toBe(c.refreshToken !== null);
  });
});
