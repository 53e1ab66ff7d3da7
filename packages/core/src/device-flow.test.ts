// long-file: the C12/C13 device polling matrix under one frozen clock
import { inspect } from 'node:util';
import {
  assertNoCanary,
  CANARY_PREFIX,
  canary,
  FrozenClock,
  fixtureJson,
  type ScriptedResponse,
  useLoopbackServer,
} from '@oauth2/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceFlowInfo } from './device-flow.js';
import { OAuth2DeviceCodeError } from './errors.js';
import { OAuth2Credentials } from './oauth2-credentials.js';
import { OAuth2WebServerFlow, type OAuth2WebServerFlowOptions } from './web-server-flow.js';

interface WireVectors {
  device_code_request: { body: string; headers: Record<string, string> };
}
const vectors = fixtureJson<WireVectors>('v4.1.3-wire-vectors.json');
const T0 = new FrozenClock().now();

/** Run `promise` to completion, advancing the frozen clock whenever the code under test sleeps. */
async function drive<T>(clock: FrozenClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  while (!settled) {
    if (clock.pending > 0) await clock.runNext();
    else await new Promise((r) => setTimeout(r, 1));
  }
  return promise;
}

describe('DeviceFlowInfo.fromResponse (spec §3.4, C13)', () => {
  const base = {
    device_code: 'dc',
    user_code: 'uc',
    verification_uri: 'https://www.google.com/device',
  };

  it('keeps oauth2client’s field order and computes the expiry', () => {
    const info = DeviceFlowInfo.fromResponse({ ...base, interval: 5, expires_in: 1800 }, T0);
    expect(Object.keys(info)).toEqual([
      'deviceCode',
      'userCode',
      'interval',
      'verificationUrl',
      'userCodeExpiry',
      'verificationUrlComplete',
    ]);
    expect(info).toMatchObject({
      deviceCode: 'dc',
      userCode: 'uc',
      interval: 5,
      verificationUrl: 'https://www.google.com/device',
    });
    expect(info.userCodeExpiry?.getTime()).toBe(T0 + 1_800_000);
  });

  it('accepts verification_url (Google’s spelling) and leaves interval/expiry null when absent or bad', () => {
    const info = DeviceFlowInfo.fromResponse(
      {
        device_code: 'dc',
        user_code: 'uc',
        verification_url: 'https://g.co/device',
        interval: 0,
        expires_in: 'soon',
      },
      T0,
    );
    expect(info.verificationUrl).toBe('https://g.co/device');
    expect(info.interval).toBeNull();
    expect(info.userCodeExpiry).toBeNull();
  });

  it.each([
    [
      'no URL',
      { device_code: 'd', user_code: 'u' },
      'No verification_url provided in server response',
    ],
    ['a javascript: URL', { ...base, verification_uri: 'javascript:alert(1)' }, /not https/],
    [
      'plain http off loopback',
      { ...base, verification_uri: 'http://www.google.com/device' },
      /not https/,
    ],
    ['a bad complete URL', { ...base, verification_uri_complete: 'data:text/html,x' }, /not https/],
    ['no device_code', { user_code: 'u', verification_uri: 'https://x' }, /"device_code"/],
    ['a numeric user_code', { ...base, user_code: 7 }, /"user_code"/],
  ])('refuses %s', (_label, response, message) => {
    expect(() => DeviceFlowInfo.fromResponse(response, T0)).toThrow(OAuth2DeviceCodeError);
    expect(() => DeviceFlowInfo.fromResponse(response, T0)).toThrow(message);
  });

  it('accepts http on loopback hosts (tests, local tooling)', () => {
    for (const host of ['127.0.0.1:8080', 'localhost', '[::1]:1']) {
      const url = `http://${host}/device`;
      expect(
        DeviceFlowInfo.fromResponse({ ...base, verification_uri: url }, T0).verificationUrl,
      ).toBe(url);
    }
  });

  it('escapes control characters, ANSI sequences and bidi overrides when printed', () => {
    const info = DeviceFlowInfo.fromResponse(
      { ...base, user_code: '\u001b[2J\u001b[31mABCD\r\nWXYZ\u202e\u0007\\' },
      T0,
    );
    const text = info.instructions();
    expect(text).toBe(
      'Go to https://www.google.com/device and enter the code: \\x1b[2J\\x1b[31mABCD\\x0d\\x0aWXYZ\\u202e\\x07\\\\',
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  it('hides the device code from inspect and JSON', () => {
    const secret = canary('dc-');
    const info = DeviceFlowInfo.fromResponse({ ...base, device_code: secret }, T0);
    expect(info.deviceCode).toBe(secret);
    expect(inspect(info)).toContain('[redacted]');
    assertNoCanary(info, 'DeviceFlowInfo');
  });
});

describe('device flow over the wire (spec §3.4, §17.3 item 21, C12, C13)', () => {
  const server = useLoopbackServer({ per: 'file' });
  let clock: FrozenClock;
  afterEach(() => server.clearRequests());

  /** Let `ms` pass on the frozen clock (and a little real time): still the one poll, no more. */
  async function expectOnePollAfter(ms: number): Promise<void> {
    clock.advance(ms);
    await new Promise((r) => setTimeout(r, 20));
    expect(server.count('/token')).toBe(1);
  }

  /** A device code, then one `authorization_pending` poll before the token. */
  const routeCodeThenOnePendingPoll = () => {
    server.route('POST', '/device/code', {
      body: { device_code: 'dc', user_code: 'uc', verification_url: 'https://x/device' },
    });
    server.route(
      'POST',
      '/token',
      { status: 400, body: { error: 'authorization_pending' } },
      { body: { access_token: 'at' } },
    );
  };

  const flowFor = (extra: Partial<OAuth2WebServerFlowOptions> = {}) => {
    clock = new FrozenClock();
    return new OAuth2WebServerFlow({
      clientId: 'client_id+1',
      clientSecret: 'secret+1',
      scope: ['email', 'https://www.googleapis.com/auth/drive'],
      userAgent: 'unittest-sample/1.0',
      deviceUri: server.urlOf('/device/code'),
      tokenUri: server.urlOf('/token'),
      clock,
      ...extra,
    });
  };
  const info = (fields: Record<string, unknown> = {}) =>
    DeviceFlowInfo.fromResponse(
      { device_code: 'dc', user_code: 'uc', verification_uri: 'https://x/device', ...fields },
      clock.now(),
    );
  /** Record the fake-clock time of every poll. */
  const timed = (times: number[], r: ScriptedResponse) => () => {
    times.push(clock.now());
    return r;
  };
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));

  it('asks for codes with oauth2client’s request and reads the answer', async () => {
    server.route('POST', '/device/code', {
      body: {
        device_code: 'dc',
        user_code: 'uc',
        verification_url: 'https://www.google.com/device',
        interval: 5,
        expires_in: 1800,
      },
    });
    const got = await flowFor({ clientSecret: undefined }).step1GetDeviceAndUserCodes();
    const [req] = server.requestsTo('/device/code');
    expect(req?.body).toBe(vectors.device_code_request.body);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers['user-agent']).toBe('unittest-sample/1.0');
    expect(req?.headers.authorization).toBeUndefined();
    expect(got.userCodeExpiry?.getTime()).toBe(clock.now() + 1_800_000);
    expect(got.interval).toBe(5);
  });

  it('a confidential client authenticates on the code request and every poll (RFC 8628 §3.1)', async () => {
    const secret = canary('device-secret-');
    routeCodeThenOnePendingPoll();
    const flow = flowFor({ clientSecret: secret });
    const got = await flow.step1GetDeviceAndUserCodes();
    await drive(clock, flow.waitForDeviceAuthorization(got));
    const [codeRequest] = server.requestsTo('/device/code');
    expect(codeRequest?.body).toBe(
      `${vectors.device_code_request.body}&client_secret=${encodeURIComponent(secret)}`,
    );
    const polls = server.requestsTo('/token');
    expect(polls).toHaveLength(2);
    for (const poll of polls) {
      expect(poll.form.get('client_id')).toBe('client_id+1');
      expect(poll.form.get('client_secret')).toBe(secret);
    }
    for (const r of server.requests) expect(r.url).not.toContain(secret);
  });

  it('an authorizationHeader (client_secret_basic) goes on the code request and every poll', async () => {
    routeCodeThenOnePendingPoll();
    const flow = flowFor({ clientSecret: undefined, authorizationHeader: 'Basic abc' });
    const got = await flow.step1GetDeviceAndUserCodes();
    await drive(clock, flow.waitForDeviceAuthorization(got));
    const requests = [...server.requestsTo('/device/code'), ...server.requestsTo('/token')];
    expect(requests).toHaveLength(3);
    for (const r of requests) {
      expect(r.headers.authorization).toBe('Basic abc');
      expect(r.form.has('client_secret')).toBe(false);
    }
  });

  it.each([
    [400, { error: 'invalid_client' }, 'Invalid response 400. Error: invalid_client'],
    [500, 'oops', 'Invalid response 500.'],
    [200, 'not json', 'Could not parse server response as JSON.'],
    [200, { device_code: 'd', user_code: 'u' }, 'No verification_url provided in server response'],
  ])('step 1 with status %s and %j fails with %s', async (status, body, message) => {
    server.route('POST', '/device/code', { status, body });
    const err = await flowFor()
      .step1GetDeviceAndUserCodes()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuth2DeviceCodeError);
    expect((err as Error).message).toBe(message);
  });

  it('C12: interval missing, pending/slow_down under 400/401/403/428, gaps 5, 10, 10, 10 s', async () => {
    const times: number[] = [];
    server.route(
      'POST',
      '/token',
      timed(times, { status: 400, body: { error: 'authorization_pending' } }),
      timed(times, { status: 401, body: { error: 'slow_down' } }),
      timed(times, { status: 403, body: { error: 'authorization_pending' } }),
      timed(times, { status: 428, body: { error: 'authorization_pending' } }),
      timed(times, { body: { access_token: 'at', refresh_token: 'rt', expires_in: 3600 } }),
    );
    const flow = flowFor();
    const start = clock.now();
    const credentials = await drive(clock, flow.waitForDeviceAuthorization(info()));
    expect((times[0] as number) - start).toBe(5_000);
    expect(gaps(times)).toEqual([5_000, 10_000, 10_000, 10_000]);
    expect(credentials).toBeInstanceOf(OAuth2Credentials);
    expect(credentials.accessToken).toBe('at');
    expect(credentials.tokenExpiry?.getTime()).toBe(clock.now() + 3_600_000);
    expect([...credentials.scopes]).toEqual(['email', 'https://www.googleapis.com/auth/drive']);
    const body = server.requestsTo('/token')[0]?.body;
    expect(body).toBe(
      'client_id=client_id%2B1&device_code=dc&client_secret=secret%2B1&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code',
    );
    expect(server.requestsTo('/token')[0]?.form.has('redirect_uri')).toBe(false);
  });

  it('C12: a timeout doubles the interval up to 60 s; 5xx without error backs off too', async () => {
    const times: number[] = [];
    server.route(
      'POST',
      '/token',
      timed(times, { hang: true }),
      timed(times, { hang: true }),
      timed(times, { status: 503, body: 'unavailable' }),
      timed(times, { body: { access_token: 'at' } }),
    );
    // The socket timeouts are real (200 ms); the intervals run on the frozen clock. On a very busy
    // machine an answer may also miss its 200 ms: that is one more capped 60 s wait, never less.
    const flow = flowFor({ timeoutMs: 200 });
    await drive(clock, flow.waitForDeviceAuthorization(info({ interval: 20, expires_in: 600 })));
    expect(clock.sleeps.slice(0, 4)).toEqual([20_000, 40_000, 60_000, 60_000]);
    expect(clock.sleeps.slice(4).every((ms) => ms === 60_000)).toBe(true);
    expect(gaps(times)).toEqual(clock.sleeps.slice(1));
  });

  it('never polls faster than the interval, even with instant answers', async () => {
    server.route(
      'POST',
      '/token',
      { body: { error: 'authorization_pending' } },
      { body: { error: 'authorization_pending' } },
      {
        body: { access_token: 'at' },
      },
    );
    const polls: number[] = [];
    const flow = flowFor();
    await drive(
      clock,
      flow.waitForDeviceAuthorization(info({ interval: 7 }), {
        onPoll: (_n, ms) => polls.push(ms),
      }),
    );
    expect(clock.sleeps).toEqual([7_000, 7_000, 7_000]);
    expect(polls).toEqual([7_000, 7_000, 7_000]);
  });

  it.each([
    [0.2, 1_000],
    ['0.5', 1_000],
    [null, 5_000],
  ])(
    'R12: an interval of %s s polls every %i ms (never under 1 s; 5 s when absent)',
    async (interval, ms) => {
      server.route(
        'POST',
        '/token',
        { body: { error: 'authorization_pending' } },
        { body: { access_token: 'at' } },
      );
      const flow = flowFor();
      await drive(
        clock,
        flow.waitForDeviceAuthorization(info(interval === null ? {} : { interval })),
      );
      expect(clock.sleeps).toEqual([ms, ms]);
    },
  );

  it.each([
    ['expired_token', 400],
    ['access_denied', 403],
    ['invalid_client', 401],
  ])('C13: %s ends polling with that code and no further requests', async (error, status) => {
    server.route(
      'POST',
      '/token',
      { status, body: { error, error_description: 'because' } },
      { body: { access_token: 'x' } },
    );
    const flow = flowFor();
    const err = await drive(clock, flow.waitForDeviceAuthorization(info())).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OAuth2DeviceCodeError);
    expect(err).toMatchObject({ code: error, status, error, errorDescription: 'because' });
    await expectOnePollAfter(600_000);
  });

  it('C13: endless pending with expires_in 30 / interval 5 ends in a client-side expired_token after ≤ 6 polls', async () => {
    server.route('POST', '/token', { status: 400, body: { error: 'authorization_pending' } });
    const flow = flowFor();
    const err = await drive(
      clock,
      flow.waitForDeviceAuthorization(info({ interval: 5, expires_in: 30 })),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'OAuth2DeviceCodeError', code: 'expired_token' });
    expect(server.count('/token')).toBeLessThanOrEqual(6);
    expect(server.count('/token')).toBeGreaterThanOrEqual(5);
  });

  it('C13: an abort during the interval wait stops polling at once', async () => {
    server.route('POST', '/token', { status: 400, body: { error: 'authorization_pending' } });
    const flow = flowFor();
    const controller = new AbortController();
    const wait = flow.waitForDeviceAuthorization(info(), { signal: controller.signal });
    await clock.runNext();
    // Let the first poll be answered and the loop go back to sleep (nothing in flight).
    while (clock.pending === 0) await new Promise((r) => setTimeout(r, 5));
    expect(server.count('/token')).toBe(1);
    const reason = new Error('user cancelled');
    const at = clock.now();
    controller.abort(reason);
    // The loop sleeps on the frozen clock, so only the abort can end this wait: it did, with no
    // time passing and no sleeper left behind.
    await expect(wait).rejects.toBe(reason);
    expect(clock.now()).toBe(at);
    expect(clock.pending).toBe(0);
    await expectOnePollAfter(60_000);
  });

  it('C13: an abort during a slow poll request cancels the request; nothing is sent after it', async () => {
    server.route('POST', '/token', { delayMs: 5_000, body: { access_token: 'x' } });
    const flow = flowFor();
    const controller = new AbortController();
    const wait = flow.waitForDeviceAuthorization(info({ interval: 1 }), {
      signal: controller.signal,
    });
    await clock.runNext();
    while (server.count('/token') === 0) await new Promise((r) => setTimeout(r, 5)); // poll in flight
    const abortedAt = performance.now();
    controller.abort(new Error('stop'));
    await expect(wait).rejects.toThrow('stop');
    // C13 targets ≤ 100 ms; 1 s (10× slack) still tells a cancelled request from the 5 s answer.
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(clock.pending).toBe(0);
    await expectOnePollAfter(60_000);
  });

  it('a 200 that is not a usable token response fails with a typed error', async () => {
    server.route('POST', '/token', { body: { access_token: 'at', token_type: 'mac' } });
    const flow = flowFor();
    const err = await drive(clock, flow.waitForDeviceAuthorization(info())).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'OAuth2DeviceCodeError', code: 'invalid_token_response' });
  });

  it('Z1: device codes, secrets and tokens never leak', async () => {
    const deviceCode = canary('dc-');
    const secret = canary('secret-');
    server.route('POST', '/token', { status: 400, body: { error: 'access_denied' } });
    const flow = flowFor({ clientSecret: secret });
    const err = await drive(
      clock,
      flow.waitForDeviceAuthorization(info({ device_code: deviceCode })),
    ).catch((e: unknown) => e);
    assertNoCanary(err, 'error');
    assertNoCanary(flow, 'flow');
    for (const r of server.requests) expect(r.url).not.toContain(CANARY_PREFIX);
    expect(server.requestsTo('/token')[0]?.form.get('device_code')).toBe(deviceCode);
  });
});
