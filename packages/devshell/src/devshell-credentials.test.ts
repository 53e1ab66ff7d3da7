import { NotSerializableError, TokenResponseError } from '@oauth2/core/errors';
import { assertNoCanary, canary, FrozenClock, LoopbackServer, rejectionOf } from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDevshellServer, frame } from '../test/devshell-server.js';
import { DevshellCredentials } from './devshell-credentials.js';
import { CommunicationError, DevshellError, NoDevshellServer } from './errors.js';

let server: FakeDevshellServer;
let clock: FrozenClock;
beforeEach(async () => {
  server = await FakeDevshellServer.start();
  clock = new FrozenClock();
});
afterEach(async () => {
  await server.close();
});

const env = () => ({ DEVSHELL_CLIENT_PORT: String(server.port) });

describe('DevshellCredentials (D1, D2)', () => {
  it.each([{}, { DEVSHELL_CLIENT_PORT: '0' }])(
    'throws NoDevshellServer for %j with 0 connection attempts',
    async (e) => {
      await expect(DevshellCredentials.create({ env: e })).rejects.toBeInstanceOf(NoDevshellServer);
      expect(() => new DevshellCredentials({ env: e })).toThrow(NoDevshellServer);
      expect(server.connections).toBe(0);
    },
  );

  it('reads e-mail, project, token and expiry from the server', async () => {
    const credentials = await DevshellCredentials.create({ env: env(), clock });
    expect(credentials.userEmail).toBe('joe@example.com');
    expect(credentials.projectId).toBe('fooproj');
    expect(credentials.accessToken).toBe('sometoken');
    expect(credentials.refreshToken).toBeNull();
    expect(credentials.tokenExpiry?.getTime()).toBe(clock.now() + 3600_000);
    expect(server.requests.map((b) => b.toString())).toEqual(['2\n[]']);
  });

  it('has no expiry when the server sends only three fields (1.5.2 servers)', async () => {
    server.script = (s) => s.end(frame('["joe@example.com", "fooproj", "sometoken"]'));
    const credentials = await DevshellCredentials.create({ env: env(), clock });
    expect(credentials.tokenExpiry).toBeNull();
    expect(await credentials.getAccessToken()).toEqual({
      accessToken: 'sometoken',
      expiresIn: null,
    });
  });

  it('re-queries the server on every refresh, once for concurrent callers', async () => {
    let n = 0;
    server.script = (s) => {
      n++;
      s.end(frame(`["a@b.c", "p", "token-${n}", 3600]`));
    };
    const credentials = await DevshellCredentials.create({ env: env(), clock });
    await Promise.all([credentials.refresh(), credentials.refresh(), credentials.refresh()]);
    expect(credentials.accessToken).toBe('token-2');
    expect(server.connections).toBe(2);
  });

  it.each([0, 2 ** 31, 9007199254740991])(
    "R13: expires_in %s from the devshell server is refused like a token endpoint's (TokenResponseError, nothing applied)",
    async (expiresIn) => {
      server.script = (s) => s.end(frame(`["a@b.c", "p", "sometoken", ${expiresIn}]`));
      const credentials = new DevshellCredentials({ env: env(), clock });
      await rejectionOf(credentials.refresh(), TokenResponseError, {
        code: 'invalid_token_response',
        field: 'expires_in',
      });
      expect([credentials.accessToken, credentials.tokenExpiry]).toEqual([null, null]);
    },
  );

  it('authorizes requests with the devshell token', async () => {
    const api = await LoopbackServer.start();
    try {
      api.route('GET', '/x', { body: 'ok' });
      const credentials = new DevshellCredentials({ env: env(), clock });
      expect((await credentials.authorize()(api.urlOf('/x'))).status).toBe(200);
      expect(api.requests[0]?.headers.authorization).toBe('Bearer sometoken');
    } finally {
      await api.close();
    }
  });

  it('refuses an answer without a token, and a non-list payload', async () => {
    server.script = (s) => s.end(frame('["joe@example.com", "fooproj"]'));
    const err = await DevshellCredentials.create({ env: env() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevshellError);
    expect((err as DevshellError).code).toBe('no_access_token');
    server.script = (s) => s.end(frame('"sometoken"'));
    await expect(DevshellCredentials.create({ env: env() })).rejects.toBeInstanceOf(
      CommunicationError,
    );
  });

  it('uses the configured deadline (default 5 s)', async () => {
    server.script = () => {};
    const err = await DevshellCredentials.create({ env: env(), devshellTimeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect((err as CommunicationError).code).toBe('timeout');
    // The configured deadline, not the 5 s default, reached the exchange.
    expect((err as CommunicationError).message).toContain('within 100 ms');
    expect(server.connections).toBe(1);
  });

  it('is not serializable and cannot be loaded from JSON (refused as an ADC file too)', async () => {
    const credentials = await DevshellCredentials.create({ env: env() });
    expect(() => credentials.toJson()).toThrow(
      new NotSerializableError('Cannot serialize Developer Shell credentials.'),
    );
    expect(() => credentials.serializationData).toThrow(NotSerializableError);
    expect(() => DevshellCredentials.fromJson()).toThrow(
      'Cannot load Developer Shell credentials from JSON.',
    );
  });

  it('never shows the token in inspect or JSON.stringify', async () => {
    const token = canary('ya29.');
    server.script = (s) => s.end(frame(`["joe@example.com", "fooproj", "${token}", 3600]`));
    const credentials = await DevshellCredentials.create({ env: env() });
    expect(credentials.accessToken).toBe(token);
    const renderings = assertNoCanary(credentials, 'the devshell credential');
    expect(renderings.join('\n')).toContain('joe@example.com');
  });
});
