// Issue 9, "What the library accepts": endpoints that carry secrets and configuration mistakes
// (IDs H1-H2, in adversarial.md's style). Real loopback servers; no module mocks.
import { LoopbackServer, thrownBy, useLoopbackServer } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { httpRequest } from '../src/http/index.js';
import {
  ConfigurationError,
  InsecureEndpointError,
  NetworkError,
  OAuth2Credentials,
  OAuth2WebServerFlow,
} from '../src/index.js';
import { makeCredentials } from './helpers.js';

const server = useLoopbackServer();

const INSECURE = 'http://auth.example.com/x';

describe('H1: secret-carrying endpoints are https or loopback http', () => {
  it.each(['tokenUri', 'revokeUri', 'tokenInfoUri'] as const)(
    'H1a OAuth2Credentials refuses a plain-http %s on a public host, naming it',
    (field) => {
      const err = thrownBy(() => new OAuth2Credentials({ [field]: INSECURE }));
      expect(err).toBeInstanceOf(InsecureEndpointError);
      expect(err).toMatchObject({ code: 'insecure_endpoint', field });
      expect((err as Error).message).toContain(field);
      expect((err as Error).message).toContain('allowInsecureRequests');
    },
  );

  it.each([
    'https://auth.example.com/token',
    'http://127.0.0.1:8080/token',
    'http://127.9.8.7/token',
    'http://[::1]:9000/token',
    'http://localhost:3000/token',
  ])('H1b accepts %s', (tokenUri) => {
    expect(new OAuth2Credentials({ tokenUri }).tokenUri).toBe(tokenUri);
  });

  it.each([
    'http://127.0.0.1.evil.example/token',
    'http://localhost.evil.example/token',
    'http://10.0.0.1/token',
  ])('H1c refuses look-alike or private hosts: %s', (tokenUri) => {
    expect(() => new OAuth2Credentials({ tokenUri })).toThrow(InsecureEndpointError);
  });

  it('H1d allowInsecureRequests is the explicit opt-in', () => {
    const c = new OAuth2Credentials({ tokenUri: INSECURE, allowInsecureRequests: true });
    expect(c.tokenUri).toBe(INSECURE);
  });

  it('H1e a stored credential with a plain-http token_uri is refused on load unless opted in', () => {
    const json = JSON.stringify({
      _module: 'oauth2client.client',
      _class: 'OAuth2Credentials',
      access_token: 'a',
      token_uri: INSECURE,
      invalid: false,
    });
    expect(() => OAuth2Credentials.fromJson(json)).toThrow(InsecureEndpointError);
    expect(OAuth2Credentials.fromJson(json, { allowInsecureRequests: true }).tokenUri).toBe(
      INSECURE,
    );
  });

  it.each(['authUri', 'tokenUri', 'revokeUri', 'deviceUri', 'tokenInfoUri'] as const)(
    'H1f OAuth2WebServerFlow refuses a plain-http %s',
    (field) => {
      const err = thrownBy(
        () => new OAuth2WebServerFlow({ clientId: 'id', scope: 'email', [field]: INSECURE }),
      );
      expect(err).toBeInstanceOf(InsecureEndpointError);
      expect(err).toMatchObject({ field });
    },
  );

  it('H1g a redirect_uri with a fragment is refused (RFC 6749 §3.1.2), in the options and in step 1', () => {
    const options = { clientId: 'id', scope: 'email' };
    const err = thrownBy(
      () => new OAuth2WebServerFlow({ ...options, redirectUri: 'https://app.example/cb#frag' }),
    );
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err).toMatchObject({ code: 'invalid_configuration', field: 'redirectUri' });
    const flow = new OAuth2WebServerFlow(options);
    expect(() => flow.step1GetAuthorizeUrl({ redirectUri: 'http://127.0.0.1:5/#x' })).toThrow(
      ConfigurationError,
    );
    expect(flow.step1GetAuthorizeUrl({ redirectUri: 'com.example.app:/cb' }).url).toContain(
      'redirect_uri=com.example.app',
    );
  });
});

describe('H2: configuration mistakes are typed at once, never retried network errors', () => {
  it('H2a a token URI that is not a URL fails at construction', () => {
    const err = thrownBy(() => new OAuth2Credentials({ tokenUri: 'oauth2.example.com/token' }));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err).toMatchObject({ code: 'invalid_configuration', field: 'tokenUri' });
  });

  it('H2b CR/LF in user_agent fails at construction, for credentials and flows', () => {
    const ua = 'app/1.0\r\nX-Injected: 1';
    expect(thrownBy(() => new OAuth2Credentials({ userAgent: ua }))).toMatchObject({
      code: 'invalid_configuration',
      field: 'userAgent',
    });
    expect(
      thrownBy(() => new OAuth2WebServerFlow({ clientId: 'id', scope: 's', userAgent: ua })),
    ).toBeInstanceOf(ConfigurationError);
    expect(
      thrownBy(
        () =>
          new OAuth2WebServerFlow({
            clientId: 'id',
            scope: 's',
            authorizationHeader: 'Basic a\nb',
          }),
      ),
    ).toMatchObject({ field: 'authorizationHeader' });
  });

  it('H2c a token URI broken after construction fails the refresh at once: 1 try, ConfigurationError', async () => {
    let calls = 0;
    const credentials = makeCredentials(server, {
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    credentials.tokenUri = 'not a url';
    const started = Date.now();
    const err = await credentials.refresh().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err).not.toBeInstanceOf(NetworkError);
    expect(calls).toBe(0);
    // Without the check it was a NetworkError retried with 1 s, 2 s back-off.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('H2d a header value with CR/LF is a ConfigurationError and nothing is sent', async () => {
    server.route('GET', '/x', { body: 'ok' });
    const err = await httpRequest(server.urlOf('/x'), {
      headers: { 'x-test': 'a\r\nb' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  it('H2e a refused connection says why: ECONNREFUSED, or "bad port"', async () => {
    const closed = await LoopbackServer.start();
    const url = closed.urlOf('/token');
    await closed.close();
    const refused = await httpRequest(url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NetworkError);
    expect((refused as Error).message).toContain('ECONNREFUSED');
    // The platform fetch refuses the fetch spec's "bad ports" itself (the default node:http
    // transport simply connects); its reason is quoted too.
    const badPort = await httpRequest('http://127.0.0.1:6000/token', {
      fetch: globalThis.fetch,
    }).catch((e: unknown) => e);
    expect(badPort).toBeInstanceOf(NetworkError);
    expect((badPort as Error).message).toContain('bad port');
  });
});
