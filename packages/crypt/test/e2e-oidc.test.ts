/**
 * End to end against a real, certified OpenID provider (oidc-provider 9 on loopback):
 * - ID tokens it issues verify with IdTokenVerifier (its JWKS endpoint, its issuer, nonce);
 * - JWTs we sign authenticate a client with private_key_jwt (RFC 7523 §2.2), RS256 and ES256.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { canary, type OidcProviderHandle, startOidcProvider } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppIdentityError, IdTokenVerifier, makeSignedJwt, Signer } from '../src/index.js';

const REDIRECT = 'http://127.0.0.1:9/oauth2callback';
const WEB_SECRET = canary('web-secret-');
const rsaClientKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ecClientKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });

let op: OidcProviderHandle;
beforeAll(async () => {
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'web-app',
        client_secret: WEB_SECRET,
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: 'sa-rs256',
        grant_types: ['client_credentials'],
        response_types: [],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: {
          keys: [
            {
              ...rsaClientKey.publicKey.export({ format: 'jwk' }),
              kid: 'rs1',
              alg: 'RS256',
              use: 'sig',
            },
          ],
        },
      },
      {
        client_id: 'sa-es256',
        grant_types: ['client_credentials'],
        response_types: [],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: {
          keys: [
            {
              ...ecClientKey.publicKey.export({ format: 'jwk' }),
              kid: 'es1',
              alg: 'ES256',
              use: 'sig',
            },
          ],
        },
      },
    ],
    claims: { email: 'user@example.com', email_verified: true },
  });
});
afterAll(() => op.close());

async function signIn(nonce: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(op.endpoints.authorization);
  url.search = new URLSearchParams({
    client_id: 'web-app',
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid email',
    nonce,
    state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const back = await op.completeAuthorization(url.toString());
  const code = back.searchParams.get('code');
  expect(code).toBeTruthy();
  const res = await fetch(op.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code ?? '',
      redirect_uri: REDIRECT,
      client_id: 'web-app',
      client_secret: WEB_SECRET,
      code_verifier: verifier,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id_token: string }).id_token;
}

describe('ID tokens issued by oidc-provider', () => {
  it('verify with IdTokenVerifier against its JWKS endpoint and issuer, nonce included', async () => {
    const idToken = await signIn('nonce-123');
    const verifier = new IdTokenVerifier({ url: op.endpoints.jwks, issuers: [op.issuer] });
    const claims = await verifier.verify(idToken, 'web-app', { nonce: 'nonce-123' });
    expect(claims).toMatchObject({
      iss: op.issuer,
      aud: 'web-app',
      sub: 'test-user',
      nonce: 'nonce-123',
    });
    expect(claims.email).toBe('user@example.com');
    await expect(verifier.verify(idToken, 'other-client')).rejects.toMatchObject({
      code: 'wrong_audience',
    });
    await expect(verifier.verify(idToken, 'web-app', { nonce: 'other' })).rejects.toBeInstanceOf(
      AppIdentityError,
    );
    const google = new IdTokenVerifier({ url: op.endpoints.jwks });
    await expect(google.verify(idToken, 'web-app')).rejects.toMatchObject({ code: 'wrong_issuer' });
  });
});

describe('private_key_jwt client authentication with JWTs signed here', () => {
  async function clientCredentials(clientId: string, assertion: string): Promise<Response> {
    return fetch(op.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
  }
  const claims = (clientId: string) => {
    const iat = Math.floor(Date.now() / 1000);
    return {
      iss: clientId,
      sub: clientId,
      aud: op.endpoints.token,
      iat,
      exp: iat + 300,
      jti: randomBytes(16).toString('hex'),
    };
  };

  it('RS256: the provider accepts our assertion and issues an access token', async () => {
    const assertion = await makeSignedJwt(
      Signer.fromKeyObject(rsaClientKey.privateKey),
      claims('sa-rs256'),
      { keyId: 'rs1' },
    );
    const res = await clientCredentials('sa-rs256', assertion);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { access_token?: string }).access_token).toBeTruthy();
  });

  it('ES256: the provider accepts our assertion', async () => {
    const assertion = await makeSignedJwt(
      Signer.fromKeyObject(ecClientKey.privateKey),
      claims('sa-es256'),
      { keyId: 'es1' },
    );
    const res = await clientCredentials('sa-es256', assertion);
    expect(res.status).toBe(200);
  });

  it('the provider refuses an assertion signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const assertion = await makeSignedJwt(Signer.fromKeyObject(other), claims('sa-rs256'), {
      keyId: 'rs1',
    });
    const res = await clientCredentials('sa-rs256', assertion);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
  });
});
