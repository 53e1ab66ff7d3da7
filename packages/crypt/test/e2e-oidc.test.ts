/**
 * End to end against a real, certified OpenID provider (oidc-provider 9 on loopback):
 * - ID tokens it issues verify with IdTokenVerifier (its JWKS endpoint, its issuer, nonce);
 * - JWTs we sign authenticate a client with private_key_jwt (RFC 7523 §2.2), RS256 and ES256.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import {
  canary,
  type OidcProviderHandle,
  privateKeyJwtClient,
  signInWithCode,
  startOidcProvider,
  webClient,
} from '@oauth2/test-kit';
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
      webClient('web-app', WEB_SECRET, REDIRECT),
      privateKeyJwtClient('sa-rs256', rsaClientKey.publicKey, { kid: 'rs1', alg: 'RS256' }),
      privateKeyJwtClient('sa-es256', ecClientKey.publicKey, { kid: 'es1', alg: 'ES256' }),
    ],
    claims: { email: 'user@example.com', email_verified: true },
  });
});
afterAll(() => op.close());

async function signIn(nonce: string): Promise<string> {
  const tokens = await signInWithCode(op, {
    clientId: 'web-app',
    clientSecret: WEB_SECRET,
    redirectUri: REDIRECT,
    scope: 'openid email',
    nonce,
  });
  return tokens.id_token as string;
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

  /** The provider's answer to a client credentials grant with a JWT signed by `key` here. */
  async function grantWith(key: KeyObject, clientId: string, keyId: string): Promise<Response> {
    const assertion = await makeSignedJwt(Signer.fromKeyObject(key), claims(clientId), { keyId });
    return clientCredentials(clientId, assertion);
  }

  it('RS256: the provider accepts our assertion and issues an access token', async () => {
    const res = await grantWith(rsaClientKey.privateKey, 'sa-rs256', 'rs1');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { access_token?: string }).access_token).toBeTruthy();
  });

  it('ES256: the provider accepts our assertion', async () => {
    const res = await grantWith(ecClientKey.privateKey, 'sa-es256', 'es1');
    expect(res.status).toBe(200);
  });

  it('the provider refuses an assertion signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const res = await grantWith(other, 'sa-rs256', 'rs1');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
  });
});
