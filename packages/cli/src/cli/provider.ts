import {
  GOOGLE_AUTH_URI,
  GOOGLE_DEVICE_URI,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_INFO_URI,
  GOOGLE_TOKEN_URI,
  parseJson,
} from '@oauth2/core';
import { DiscoveryError } from '../errors.js';
import { nodeFetch } from './node-fetch.js';

/** The endpoints of a provider: Google's, or an OpenID provider's from discovery. */
export interface ProviderEndpoints {
  issuer: string | undefined;
  authUri: string;
  tokenUri: string;
  revokeUri: string;
  deviceUri: string | undefined;
  tokenInfoUri: string | undefined;
  userinfoUri: string | undefined;
  introspectionUri: string | undefined;
}

/** Google's endpoints (the default provider). */
export const GOOGLE: ProviderEndpoints = {
  issuer: undefined,
  authUri: GOOGLE_AUTH_URI,
  tokenUri: GOOGLE_TOKEN_URI,
  revokeUri: GOOGLE_REVOKE_URI,
  deviceUri: GOOGLE_DEVICE_URI,
  tokenInfoUri: GOOGLE_TOKEN_INFO_URI,
  userinfoUri: 'https://openidconnect.googleapis.com/v1/userinfo',
  introspectionUri: undefined,
};

/** The scopes asked for when none are given. */
export function defaultScopes(endpoints: ProviderEndpoints): string[] {
  return endpoints.issuer === undefined
    ? [
        'openid',
        'https://www.googleapis.com/auth/userinfo.email',
        'https://www.googleapis.com/auth/cloud-platform',
      ]
    : ['openid', 'email', 'profile'];
}

/**
 * OpenID Connect discovery (`<issuer>/.well-known/openid-configuration`): the document's
 * `issuer` must equal the one asked for, and every endpoint must be https (http only on a
 * loopback host).
 * @throws {DiscoveryError} `code: 'discovery_failed'` (with `status` for an HTTP error).
 */
export async function discover(issuer: string, signal?: AbortSignal): Promise<ProviderEndpoints> {
  const base = issuer.replace(/\/+$/, '');
  const fail = (why: string, status?: number, cause?: unknown): never => {
    throw new DiscoveryError(`OpenID discovery at ${base} failed: ${why}.`, { status, cause });
  };
  let res: Response;
  try {
    const timeout = AbortSignal.timeout(10_000);
    res = await nodeFetch(`${base}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    return fail('the provider could not be reached', undefined, Object.assign(err as object, {}));
  }
  if (res.status !== 200) fail(`HTTP ${res.status}`, res.status);
  let doc: Record<string, unknown> = {};
  try {
    const value = parseJson(await res.text());
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      doc = value as Record<string, unknown>;
  } catch {
    fail('the document is not JSON');
  }
  if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/+$/, '') !== base) {
    fail('the document names another issuer');
  }
  const endpoint = (name: string, required: boolean): string | undefined => {
    const value = doc[name];
    if (value === undefined || value === null) {
      if (required) fail(`no ${name}`);
      return undefined;
    }
    if (typeof value !== 'string' || !secureOrLoopback(value)) fail(`${name} is not an https URL`);
    return value as string;
  };
  return {
    issuer: base,
    authUri: endpoint('authorization_endpoint', true) as string,
    tokenUri: endpoint('token_endpoint', true) as string,
    revokeUri: endpoint('revocation_endpoint', false) ?? '',
    deviceUri: endpoint('device_authorization_endpoint', false),
    tokenInfoUri: undefined,
    userinfoUri: endpoint('userinfo_endpoint', false),
    introspectionUri: endpoint('introspection_endpoint', false),
  };
}

function secureOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    );
  } catch {
    return false;
  }
}

/** Google's endpoints, or the issuer's from discovery. */
export function providerFor(
  issuer: string | undefined,
  signal?: AbortSignal,
): Promise<ProviderEndpoints> {
  return issuer ? discover(issuer, signal) : Promise.resolve(GOOGLE);
}
