import { createHash, type KeyObject, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { OidcClientMetadata, OidcProviderHandle } from './oidc-provider-options.js';

/**
 * A confidential web client of {@link startOidcProvider} that authenticates with
 * `client_secret_post` and may use the authorization code and refresh token grants.
 *
 * @example
 * const op = await startOidcProvider({ clients: [webClient('web-app', secret, REDIRECT)] });
 */
export function webClient(
  clientId: string,
  clientSecret: string,
  redirectUri: string,
): OidcClientMetadata {
  return {
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'client_secret_post',
  };
}

/**
 * A service client of {@link startOidcProvider} that authenticates with `private_key_jwt`
 * (RFC 7523 §2.2) under `publicKey` (`kid`, `alg`) and may use the client credentials grant.
 *
 * @example
 * const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
 * const client = privateKeyJwtClient('sa-es256', publicKey, { kid: 'es1', alg: 'ES256' });
 */
export function privateKeyJwtClient(
  clientId: string,
  publicKey: KeyObject,
  key: { kid: string; alg: string },
): OidcClientMetadata {
  return {
    client_id: clientId,
    grant_types: ['client_credentials'],
    response_types: [],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: key.alg,
    jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), ...key, use: 'sig' }] },
  };
}

/** What {@link signInWithCode} needs: a `client_secret_post` client and the scope asked. */
export interface CodeSignIn {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  /** The OpenID `nonce` to bind into the ID token. */
  nonce?: string;
}

/**
 * Sign in at the provider the way a web app does, without the code under test: an
 * authorization request with PKCE (S256), the test-only login, and the code exchange with
 * `client_secret_post`. Asserts the provider returned a code and a 200 token response, and
 * returns that response (`access_token`, `refresh_token`, `id_token`...).
 *
 * @example
 * const tokens = await signInWithCode(op, { clientId: 'web-app', clientSecret, redirectUri, scope: 'openid email' });
 * const idToken = tokens.id_token as string;
 */
export async function signInWithCode(
  op: OidcProviderHandle,
  signIn: CodeSignIn,
): Promise<Record<string, unknown>> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(op.endpoints.authorization);
  url.search = new URLSearchParams({
    client_id: signIn.clientId,
    redirect_uri: signIn.redirectUri,
    response_type: 'code',
    scope: signIn.scope,
    ...(signIn.nonce !== undefined && { nonce: signIn.nonce }),
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const callback = await op.completeAuthorization(url.toString());
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();
  const res = await fetch(op.endpoints.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code ?? '',
      redirect_uri: signIn.redirectUri,
      client_id: signIn.clientId,
      client_secret: signIn.clientSecret,
      code_verifier: verifier,
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}
