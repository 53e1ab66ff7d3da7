import type { OAuth2Credentials } from '@oauth2/core';

/**
 * What `required()` needs to know about a credential, read without building the credential
 * object (a full `OAuth2Credentials.fromJson` costs ~20x a `JSON.parse` of the same text, and a
 * protected route checks on every request).
 */
export interface CredentialSummary {
  /** oauth2client 2.0.2+ `has_credentials`: valid, and not expired without a refresh token. */
  usable: boolean;
  /** Usable now without a refresh: an access token more than 5 minutes from expiry (or none given). */
  fresh: boolean;
  scopes: ReadonlySet<string>;
  hasRefreshToken: boolean;
}

/** Refresh this long before expiry at most (core's default eager threshold). */
const EAGER_MS = 5 * 60 * 1000;

function summary(
  accessToken: unknown,
  refreshToken: unknown,
  expiryMs: number | undefined,
  invalid: boolean,
  scopes: ReadonlySet<string>,
  now: number,
): CredentialSummary {
  const hasAccess = typeof accessToken === 'string' && accessToken !== '';
  const hasRefreshToken = typeof refreshToken === 'string' && refreshToken !== '';
  const expired = expiryMs !== undefined && now >= expiryMs;
  return {
    usable: !invalid && !(expired && !hasRefreshToken),
    fresh: !invalid && hasAccess && (expiryMs === undefined || now < expiryMs - EAGER_MS),
    scopes,
    hasRefreshToken,
  };
}

/** Summarize oauth2client credential JSON (as the session keeps it). */
export function summarizeJson(json: string, now: number): CredentialSummary {
  // JSON.parse, not core's parseJson: this is the text this package wrote into the server-side
  // session (never request input), and this runs on every protected request (parseJson's depth
  // scan costs ~8x the parse itself).
  const data = JSON.parse(json) as Record<string, unknown>;
  const expiry = typeof data.token_expiry === 'string' ? Date.parse(data.token_expiry) : Number.NaN;
  const scopes = Array.isArray(data.scopes)
    ? data.scopes.filter((s): s is string => typeof s === 'string')
    : typeof data.scopes === 'string'
      ? data.scopes.split(' ').filter(Boolean)
      : [];
  return summary(
    data.access_token,
    data.refresh_token,
    Number.isNaN(expiry) ? undefined : expiry,
    data.invalid === true,
    new Set(scopes),
    now,
  );
}

/** Summarize a credential object (from a `Storage`). */
export function summarizeCredentials(
  credentials: OAuth2Credentials,
  now: number,
): CredentialSummary {
  return summary(
    credentials.accessToken,
    credentials.refreshToken,
    credentials.tokenExpiry?.getTime(),
    credentials.invalid,
    credentials.scopes,
    now,
  );
}
