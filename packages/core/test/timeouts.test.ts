import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS } from '../src/http/index.js';
import { DEFAULT_REFRESH_RETRY, HttpAccessTokenRefreshError, TimeoutError } from '../src/index.js';
import { LoopbackServer, makeCredentials } from './helpers.js';

/**
 * Adversarial C6 in real time (socket timeouts cannot run on a fake clock). The defaults (10 s per
 * attempt, 30 s deadline) are asserted on the configuration; the mechanics run with 200 ms per
 * attempt and a 600 ms deadline.
 */
let server: LoopbackServer;
let n = 0;

beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(async () => {
  await server.close();
});

const fast = { timeoutMs: 200, retry: { deadlineMs: 600, baseDelayMs: 50 } };

function handles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap')
    .length;
}

describe('timeouts and deadline (adversarial C6)', () => {
  it('defaults: 10 s per attempt, 30 s overall, 4 attempts, 1 s ×2 ±20 %', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
    expect(DEFAULT_REFRESH_RETRY).toEqual({
      maxAttempts: 4,
      baseDelayMs: 1000,
      factor: 2,
      jitter: 0.2,
      deadlineMs: 30_000,
    });
  });

  it.each([
    ['never sends headers', { hang: true }],
    ['sends headers, then stalls', { hangAfterHeaders: true }],
    [
      'dribbles a byte every 150 ms',
      { chunks: Array.from({ length: 20 }, () => ({ data: ' ', delayMs: 150 })) },
    ],
  ])(
    'an AS that %s → TimeoutError ETIMEDOUT by the deadline, no open handles left',
    async (_label, spec) => {
      const path = `/token-${++n}`;
      server.route('POST', path, spec);
      const before = handles();
      const c = makeCredentials(server, { tokenUri: server.urlOf(path), ...fast });
      const started = performance.now();
      const err = await c.refresh().catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ code: 'ETIMEDOUT', retryable: true });
      // At least one full attempt; never past the deadline (+ slack for a busy box). It may stop
      // earlier: when the next back-off does not fit in what is left, it gives up at once.
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(600 + 400);
      expect(server.count(path)).toBeGreaterThanOrEqual(1);
      expect(server.count(path)).toBeLessThanOrEqual(4);
      await new Promise((r) => setTimeout(r, 50));
      expect(handles()).toBeLessThanOrEqual(before);
    },
  );

  it('a timed-out attempt is retried within the deadline', async () => {
    const path = `/token-${++n}`;
    server.route(
      'POST',
      path,
      { hang: true },
      { body: { access_token: 'CANARY-ok', expires_in: 60 } },
    );
    const c = makeCredentials(server, {
      tokenUri: server.urlOf(path),
      timeoutMs: 200,
      retry: { deadlineMs: 5000, baseDelayMs: 50 },
    });
    await c.refresh();
    expect(c.accessToken).toBe('CANARY-ok');
    expect(server.count(path)).toBe(2);
  });

  it('an abort signal stops a hanging refresh within 100 ms', async () => {
    const path = `/token-${++n}`;
    server.route('POST', path, { hang: true });
    const c = makeCredentials(server, { tokenUri: server.urlOf(path) });
    const controller = new AbortController();
    const pending = c.refresh({ signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const abortedAt = performance.now();
    controller.abort(new Error('user cancelled'));
    const err = await pending;
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect((err as Error).message).toBe('user cancelled');
  });

  it('a retryable 5xx within the deadline is retried, then reported with its status', async () => {
    const path = `/token-${++n}`;
    server.route('POST', path, { status: 502 });
    const c = makeCredentials(server, { tokenUri: server.urlOf(path), ...fast });
    const err = await c.refresh().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpAccessTokenRefreshError);
    expect(err).toMatchObject({ status: 502, retryable: true });
    expect(server.count(path)).toBe(4);
  });
});
