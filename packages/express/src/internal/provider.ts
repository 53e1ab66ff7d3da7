import {
  type FetchLike,
  GOOGLE_AUTH_URI,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_URI,
  parseJson,
} from '@oauth2/core';
import { httpRequest } from '@oauth2/core/http';
import { GOOGLE_ISSUERS, GOOGLE_JWKS_URL } from '@oauth2/crypt';
import { z } from 'zod';
import { OAuth2ConfigurationError } from '../errors.js';

/** Where the provider's endpoints are and how it behaves. */
export interface ProviderConfig {
  authUri: string;
  tokenUri: string;
  revokeUri: string | undefined;
  jwksUri: string;
  /** Accepted ID-token `iss` values; the first is the one a callback's `iss` must equal. */
  issuers: readonly string[];
  /** RFC 9207: the provider always sends `iss` with the callback, so a missing one is refused. */
  issParameterSupported: boolean;
  /** How offline access is asked for: Google's `access_type=offline`, or the `offline_access` scope. */
  offline: 'access_type' | 'offline_access' | 'none';
}

/** Google's endpoints (the original's defaults), or those of a client-secrets file. */
export function googleProvider(overrides: {
  authUri?: string | undefined;
  tokenUri?: string | undefined;
  revokeUri?: string | undefined;
}): ProviderConfig {
  return {
    authUri: overrides.authUri ?? GOOGLE_AUTH_URI,
    tokenUri: overrides.tokenUri ?? GOOGLE_TOKEN_URI,
    revokeUri: overrides.revokeUri ?? GOOGLE_REVOKE_URI,
    jwksUri: GOOGLE_JWKS_URL,
    issuers: GOOGLE_ISSUERS,
    issParameterSupported: false,
    offline: 'access_type',
  };
}

const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  revocation_endpoint: z.string().optional(),
  scopes_supported: z.array(z.string()).optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});

/**
 * OpenID Connect Discovery 1.0: read `<issuer>/.well-known/openid-configuration` and check that
 * it names the same issuer (§4.3), so a document served elsewhere cannot redirect trust.
 *
 * @throws {OAuth2ConfigurationError} unreachable, not JSON, missing fields, another issuer.
 */
export async function discoverProvider(
  issuer: string,
  fetch: FetchLike | undefined,
): Promise<ProviderConfig> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const fail = (why: string, cause?: unknown): never => {
    throw new OAuth2ConfigurationError(
      `OpenID discovery for issuer ${JSON.stringify(issuer)} failed: ${why}.`,
      cause === undefined ? {} : { cause },
    );
  };
  let body: string;
  try {
    const res = await httpRequest(url, { fetch, headers: { accept: 'application/json' } });
    if (res.status !== 200) fail(`HTTP ${res.status}`);
    body = res.body;
  } catch (err) {
    if (err instanceof OAuth2ConfigurationError) throw err;
    return fail('the discovery document could not be fetched', err);
  }
  let parsed: z.infer<typeof Discovery>;
  try {
    parsed = Discovery.parse(parseJson(body));
  } catch {
    return fail('the discovery document is not valid OpenID provider metadata');
  }
  if (parsed.issuer !== issuer) fail(`the document names another issuer (${parsed.issuer})`);
  return {
    authUri: parsed.authorization_endpoint,
    tokenUri: parsed.token_endpoint,
    revokeUri: parsed.revocation_endpoint,
    jwksUri: parsed.jwks_uri,
    issuers: [parsed.issuer],
    issParameterSupported: parsed.authorization_response_iss_parameter_supported === true,
    offline: parsed.scopes_supported?.includes('offline_access') ? 'offline_access' : 'none',
  };
}
