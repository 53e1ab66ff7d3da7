// Issue 9 "Secrets and terminals": every error on every path is scrubbed of every secret the
// request sent, raw and form-encoded, and of URL query values, `.cause` chains included. This
// extends adversarial.md's Z1 canary sweep over those paths (IDs H8). A real loopback server
// echoes what it received into every error field, the way a careless or hostile server would.
import {
  assertNoCanary,
  canary,
  FrozenClock,
  rejectionOf,
  useLoopbackServer,
} from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  DeviceFlowInfo,
  type FetchLike,
  OAuth2Credentials,
  OAuth2Error,
  OAuth2WebServerFlow,
} from '../src/index.js';
import { makeCredentials, settle } from './helpers.js';

const server = useLoopbackServer();

/** The server quotes the body (raw and decoded) and the URL back in every error field. */
function echo(status = 400, error = 'invalid_request') {
  return (req: { body: string; url: string }) => {
    const all = `${req.body} | ${decodeURIComponent(req.body)} | ${req.url}`;
    return {
      status,
      body: {
        error: `${error}`,
        error_description: `you sent ${all}`,
        error_uri: `https://errors.example/?q=${encodeURIComponent(all)}`,
      },
    };
  };
}

/** A transport that fails quoting the whole request (URL and body) in its own error. */
const quotingFetch: FetchLike = async (input, init) => {
  throw new Error(`connect failed for ${String(input)} with ${String(init?.body)}`, {
    cause: new Error(`inner ${String(init?.body)}`),
  });
};

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, OAuth2Error);

function flow(options: { fetch?: FetchLike } = {}) {
  return new OAuth2WebServerFlow({
    clientId: 'client-id',
    clientSecret: canary('cs-'),
    scope: 'email',
    redirectUri: 'http://127.0.0.1:1/cb',
    tokenUri: `${server.urlOf('/token')}?api_key=${canary('key-')}`,
    deviceUri: `${server.urlOf('/device')}?api_key=${canary('key-')}`,
    ...options,
  });
}

describe('H8: Z1 canary sweep over every path that sends a secret', () => {
  it('H8a code exchange: code, code_verifier, client_secret and URL query never come back', async () => {
    server.route('POST', '/token', echo(400, 'invalid_grant'));
    const code = canary('code-');
    const codeVerifier = canary('verifier-with-enough-length-');
    const err = await rejection(flow().step2Exchange(code, { codeVerifier }));
    assertNoCanary(err, 'code exchange error');
    expect(server.requests[0]?.body).toContain('CANARY-'); // the secrets were really sent
  });

  it('H8b code exchange over a transport that quotes the request: the .cause chain is clean', async () => {
    const err = await rejection(
      flow({ fetch: quotingFetch }).step2Exchange(canary('code-'), {
        codeVerifier: canary('verifier-with-enough-length-'),
      }),
    );
    expect(err.cause).toBeDefined();
    assertNoCanary(err, 'code exchange transport error');
  });

  it('H8c device authorization request: client_secret and URL query never come back', async () => {
    server.route('POST', '/device', (req) => ({
      status: 400,
      body: { error: `bad ${req.body} ${req.url}` },
    }));
    const err = await rejection(flow().step1GetDeviceAndUserCodes());
    assertNoCanary(err, 'device request error');
  });

  it('H8d device poll: device_code and client_secret never come back', async () => {
    server.route('POST', '/token', echo(400, 'access_denied'));
    const clock = new FrozenClock();
    const info = new DeviceFlowInfo({
      deviceCode: canary('dc-'),
      userCode: 'ABCD',
      interval: 5,
      verificationUrl: 'https://example.com/device',
      userCodeExpiry: null,
    });
    const err = await settle(
      clock,
      rejection(flow().waitForDeviceAuthorization(info, { clock })),
    ).catch((e: unknown) => e as Error);
    assertNoCanary(err, 'device poll error');
    expect(server.requests.at(-1)?.body).toContain('CANARY-');
  });

  it('H8e refresh: refresh token, client secret and URL query never come back (4xx and transport)', async () => {
    server.route('POST', '/token', echo(400, 'invalid_grant'));
    const tokenUri = `${server.urlOf('/token')}?api_key=${canary('key-')}`;
    const refused = await rejection(makeCredentials(server, { tokenUri }).refresh());
    assertNoCanary(refused, 'refresh error');
    const failed = await rejection(
      makeCredentials(server, {
        tokenUri,
        fetch: quotingFetch,
        retry: { maxAttempts: 1 },
      }).refresh(),
    );
    expect(failed.cause).toBeDefined();
    assertNoCanary(failed, 'refresh transport error');
  });

  it('H8f revoke: the token and client secret never come back', async () => {
    server.route('POST', '/revoke', echo(400));
    assertNoCanary(await rejection(makeCredentials(server).revoke()), 'revoke error');
    const failed = await rejection(makeCredentials(server, { fetch: quotingFetch }).revoke());
    assertNoCanary(failed, 'revoke transport error');
  });

  it('H8g tokeninfo: the access token never comes back', async () => {
    server.route('POST', '/tokeninfo', echo(400));
    const credentials = makeCredentials(server, { tokenExpiry: new Date(Date.now() + 3600_000) });
    assertNoCanary(await rejection(credentials.retrieveScopes()), 'tokeninfo error');
    const quoting = makeCredentials(server, {
      tokenExpiry: new Date(Date.now() + 3600_000),
      fetch: quotingFetch,
    });
    assertNoCanary(await rejection(quoting.retrieveScopes()), 'tokeninfo transport error');
  });

  it('H8h form-encoded and percent-encoded spellings are scrubbed too', async () => {
    // A secret with characters that change under form encoding (space, +, /, =).
    const secret = `a+b/c=d e&${canary()}`;
    server.route('POST', '/token', echo(400, 'invalid_client'));
    const credentials = new OAuth2Credentials({
      clientId: 'id',
      clientSecret: secret,
      refreshToken: canary('rt-'),
      tokenUri: server.urlOf('/token'),
    });
    const err = await rejection(credentials.refresh());
    expect(server.requests[0]?.body).toContain(
      new URLSearchParams({ s: secret }).toString().slice(2),
    );
    assertNoCanary(err, 'refresh error with an encoded secret');
  });
});
