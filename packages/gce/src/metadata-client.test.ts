import { assertNoCanary, canary, LoopbackServer, rejectionOf } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { countingFetch, instantClock, refusedPort, useMetadataServer } from '../test/helpers.js';
import { MetadataError } from './errors.js';
import { MetadataClient } from './metadata-client.js';

const TOKEN_PATH = '/computeMetadata/v1/instance/service-accounts/default/token';

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, MetadataError);

const server = useMetadataServer();

describe('detection (G2)', () => {
  it('answers true after one probe of / carrying Metadata-Flavor: Google, shared by 1000 callers', async () => {
    const metadata = new MetadataClient({ env: server.env() });
    const answers = await Promise.all(Array.from({ length: 1000 }, () => metadata.isAvailable()));
    expect(answers.every((a) => a === true)).toBe(true);
    expect(await metadata.isAvailable()).toBe(true);
    expect(server.count('/')).toBe(1);
    expect(server.requests[0]?.headers['metadata-flavor']).toBe('Google');
    expect((await metadata.detect()).reason).toContain('answered 200 with Metadata-Flavor: Google');
  });

  it('memoises per instance, not globally', async () => {
    await new MetadataClient({ env: server.env() }).isAvailable();
    await new MetadataClient({ env: server.env() }).isAvailable();
    expect(server.count('/')).toBe(2);
  });

  it.each([
    [{ NO_GCE_CHECK: 'True' }, 'NO_GCE_CHECK=True'],
    [{ METADATA_SERVER_DETECTION: 'none' }, 'METADATA_SERVER_DETECTION=none'],
  ])('sends 0 probes with %j', async (optOut, reason) => {
    server.script('/', { hang: true }); // a probe would be recorded (and would wait 3 s)
    const { fetch, urls } = countingFetch();
    const metadata = new MetadataClient({ env: { ...server.env(), ...optOut }, fetch });
    expect(await metadata.isAvailable()).toBe(false);
    expect(await metadata.detect()).toMatchObject({ available: false, probes: 0, reason });
    expect(urls).toEqual([]);
    expect(server.count()).toBe(0);
  });

  it('assume-present answers true with 0 probes', async () => {
    const metadata = new MetadataClient({
      env: { ...server.env(), METADATA_SERVER_DETECTION: 'assume-present' },
    });
    expect(await metadata.isAvailable()).toBe(true);
    expect(server.count()).toBe(0);
  });

  it('answers false for a 200 without the flavor header, or a non-200', async () => {
    server.script('/', { flavor: null, body: 'hello' });
    expect(await new MetadataClient({ env: server.env() }).isAvailable()).toBe(false);
    server.script('/', { status: 403 });
    const metadata = new MetadataClient({ env: server.env() });
    expect(await metadata.isAvailable()).toBe(false);
    expect((await metadata.detect()).reason).toContain('answered 403');
  });

  it('answers false on a refused connection after one attempt, without waiting for the probe timeout', async () => {
    const port = await refusedPort();
    const { fetch, urls } = countingFetch();
    const metadata = new MetadataClient({ env: { GCE_METADATA_HOST: `127.0.0.1:${port}` }, fetch });
    expect(metadata.settings.probeTimeoutMs).toBe(3000);
    const started = performance.now();
    expect(await metadata.isAvailable()).toBe(false);
    // The target (~ms) is for benchmarks; this only proves the 3 s probe timeout is not awaited.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(urls).toEqual([`http://127.0.0.1:${port}/`]);
    expect(await metadata.detect()).toMatchObject({ available: false, probes: 1 });
    expect((await metadata.detect()).reason).toContain('ECONNREFUSED');
  });

  it("answers false when the host does not resolve, with the resolver's code", async () => {
    const { fetch, urls } = countingFetch();
    const metadata = new MetadataClient({ env: { GCE_METADATA_HOST: 'metadata.invalid' }, fetch });
    expect(await metadata.isAvailable()).toBe(false);
    // A resolver code, not a timeout: the probe did not wait for its 3 s limit.
    expect((await metadata.detect()).reason).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(urls).toHaveLength(1);
  });

  it('gives up on a blackholed probe at the probe timeout (small here; 3 s by default)', async () => {
    const hanging = await LoopbackServer.start();
    try {
      hanging.route('GET', '/', { hang: true });
      const metadata = new MetadataClient({ host: hanging.url.slice(7), probeTimeoutMs: 150 });
      expect(metadata.settings.probeTimeoutMs).toBe(150);
      const started = performance.now();
      expect(await metadata.isAvailable()).toBe(false);
      // It waited for the probe timeout (a lower bound: load only makes it later); that the
      // configured 150 ms, not the 3 s default, applied is in the reason.
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect((await metadata.detect()).reason).toContain('timed out after 150 ms');
      expect(hanging.count('/')).toBe(1);
      expect(new MetadataClient({ env: {} }).settings.probeTimeoutMs).toBe(3000);
    } finally {
      await hanging.close();
    }
  });
});

describe('tokens (G1, G3)', () => {
  it('fetches a token from the v1 token path with the flavor header, and down-scopes on request', async () => {
    const metadata = new MetadataClient({ env: server.env() });
    expect(await metadata.getToken()).toEqual({
      accessToken: 'ya29.fake-1',
      expiresIn: 3599,
      tokenType: 'Bearer',
    });
    await metadata.getToken('default', ['https://a.example/x', 'https://b.example/y']);
    const [first, second] = server.requestsTo(TOKEN_PATH);
    expect(first?.headers['metadata-flavor']).toBe('Google');
    expect(first?.url).toBe(TOKEN_PATH);
    expect(second?.query.get('scopes')).toBe('https://a.example/x,https://b.example/y');
  });

  it('refuses a token answer without the flavor header, or with another value, and never returns it', async () => {
    const token = canary('ya29.');
    for (const flavor of [null, 'Googlebot']) {
      server.script(TOKEN_PATH, { flavor, body: { access_token: token, expires_in: 3600 } });
      server.requests.length = 0;
      const err = await rejection(
        new MetadataClient({ env: server.env(), clock: instantClock() }).getToken(),
      );
      expect(err.code).toBe('metadata_bad_flavor');
      expect(server.count(TOKEN_PATH)).toBe(1); // not retried
      assertNoCanary(err);
    }
  });

  it('does not follow a redirect', async () => {
    const target = await LoopbackServer.start();
    try {
      target.route('GET', '/stolen', { body: { access_token: 'x', expires_in: 1 } });
      server.script(TOKEN_PATH, {
        status: 302,
        flavor: null,
        headers: { location: target.urlOf('/stolen') },
      });
      const unflavored = await rejection(new MetadataClient({ env: server.env() }).getToken());
      expect(unflavored.code).toBe('metadata_bad_flavor');
      server.script(TOKEN_PATH, { status: 302, headers: { location: target.urlOf('/stolen') } });
      const flavored = await rejection(new MetadataClient({ env: server.env() }).getToken());
      expect([flavored.code, flavored.status]).toEqual(['metadata_redirect', 302]);
      expect(target.count('/stolen')).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('retries a 500 and succeeds', async () => {
    server.script(
      TOKEN_PATH,
      { status: 500 },
      { body: { access_token: 'ya29.ok', expires_in: 60 } },
    );
    const clock = instantClock();
    const token = await new MetadataClient({ env: server.env(), clock }).getToken();
    expect(token.accessToken).toBe('ya29.ok');
    expect(server.count(TOKEN_PATH)).toBe(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('stops after 5 attempts of 500, backing off exponentially', async () => {
    server.script(TOKEN_PATH, { status: 500 });
    const clock = instantClock();
    const err = await rejection(new MetadataClient({ env: server.env(), clock }).getToken());
    expect([err.code, err.status, err.retryable]).toEqual(['metadata_http_error', 500, true]);
    expect(server.count(TOKEN_PATH)).toBe(5);
    expect(clock.sleeps).toHaveLength(4);
    const ratios = clock.sleeps.slice(1).map((ms, i) => ms / (clock.sleeps[i] ?? 1));
    for (const r of ratios) expect(r).toBeGreaterThan(1.3); // ×2 with ±20 % jitter
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(800);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1200);
  });

  it('retries an attempt that times out', async () => {
    server.script(
      TOKEN_PATH,
      { hang: true },
      { body: { access_token: 'ya29.late', expires_in: 60 } },
    );
    const metadata = new MetadataClient({
      env: server.env(),
      clock: instantClock(),
      timeoutMs: 100,
    });
    expect((await metadata.getToken()).accessToken).toBe('ya29.late');
    expect(server.count(TOKEN_PATH)).toBe(2);
  });

  it('says the service account was not found on a 404, without retrying', async () => {
    const err = await rejection(
      new MetadataClient({ env: server.env() }).getToken('nobody@example.com'),
    );
    expect(err.code).toBe('service_account_not_found');
    expect(err.message).toContain("Service account 'nobody@example.com' not found");
    expect(server.count()).toBe(1);
  });

  it('gives malformed for a token answer without expires_in or access_token', async () => {
    const token = canary('ya29.');
    server.script(TOKEN_PATH, { body: { access_token: token } });
    const noExpiry = await rejection(new MetadataClient({ env: server.env() }).getToken());
    expect([noExpiry.code, noExpiry.field]).toEqual(['metadata_malformed', 'expires_in']);
    assertNoCanary(noExpiry);
    server.script(TOKEN_PATH, { body: { expires_in: 3600 } });
    const noToken = await rejection(new MetadataClient({ env: server.env() }).getToken());
    expect([noToken.code, noToken.field]).toEqual(['metadata_malformed', 'access_token']);
  });

  it('never logs a token (debug on)', async () => {
    const token = canary('ya29.');
    server.serviceAccounts.default = { email: 'sa@example.com', scopes: [], token };
    const lines: string[] = [];
    const metadata = new MetadataClient({ env: server.env(), debug: (l) => lines.push(l) });
    await metadata.isAvailable();
    expect((await metadata.getToken('default', ['s'])).accessToken).toBe(token);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`GET http://${server.host}${TOKEN_PATH} -> 200`);
    expect(lines.join('\n')).not.toContain('scopes=');
    assertNoCanary(lines, 'debug logs');
  });

  it('refuses an account name that is not a name', async () => {
    const err = await rejection(
      new MetadataClient({ env: server.env() }).getToken('../../project'),
    );
    expect(err.code).toBe('metadata_invalid_config');
    expect(server.count()).toBe(0);
  });
});

describe('service account and project', () => {
  it('reads the service account info, the project id, and a big project number as a string', async () => {
    server.numericProjectId = '9223372036854775807';
    server.projectId = 'my-proj';
    const metadata = new MetadataClient({ env: server.env() });
    expect(await metadata.getServiceAccountInfo()).toEqual({
      email: '123456789-compute@developer.gserviceaccount.com',
      scopes: ['https://www.googleapis.com/auth/cloud-platform'],
      aliases: ['default'],
    });
    expect(server.requests[0]?.url).toBe(
      '/computeMetadata/v1/instance/service-accounts/default/?recursive=true',
    );
    expect(await metadata.getProjectId()).toBe('my-proj');
    expect(await metadata.getNumericProjectId()).toBe('9223372036854775807');
  });
});
