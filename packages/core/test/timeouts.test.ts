import { FrozenClock } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TIMEOUT_MS } from '../src/http/index.js';
import { DEFAULT_REFRESH_RETRY, HttpAccessTokenRefreshError, TimeoutError } from '../src/index.js';
import { LoopbackServer, makeCredentials, settle } from './helpers.js';

/**
 * Adversarial C6. The defaults (10 s per attempt, 30 s deadline) are asserted on the
 * configuration; the mechanics run with small values. Only the per-attempt socket timeout needs
 * real time; back-off and the deadline run on a frozen clock wherever the test allows. Wall-clock
 * bounds are kept only where they tell two mechanisms apart, with a wide margin for a loaded
 * 2-core CI box (latency itself is measured in `bench/`, not asserted here).
 */
let server: LoopbackServer;
let n = 0;

beforeAll(async () => {
  server = await LoopbackServer.start();
  // The first fetch of a process loads undici (0.1-0.3 s on a busy machine): pay it here, not
  // inside the 200 ms attempts below, or an attempt can time out before its request is sent.
  await (await fetch(server.urlOf('/warm-up'))).arrayBuffer();
});
afterAll(async () => {
  await server.close();
});

const ATTEMPT_MS = 200;
const DEADLINE_MS = 600;
/**
 * Without the deadline this policy would run 100 × (200 ms + 50 ms) = 25 s; with it, it stops
 * after about 600 ms and at most 3 attempts (200 + 50 + 200 + 50 + the 100 ms left).
 */
const deadlineBound = {
  timeoutMs: ATTEMPT_MS,
  retry: { deadlineMs: DEADLINE_MS, baseDelayMs: 50, factor: 1, maxAttempts: 100 },
};

function handles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap')
    .length;
}

/**
 * The handle count once it dropped to `target`, or after 5 s. Sockets close a little after the
 * abort (later on a busy machine), so poll instead of sleeping a fixed time; a plain awaited
 * `setTimeout` has fired by the time we count (`vi.waitFor` would count its own timers).
 */
async function handlesOnceSettled(target: number): Promise<number> {
  for (let waited = 0; handles() > target && waited < 5_000; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return handles();
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
    'an AS that %s → TimeoutError (timeout) by the deadline, no open handles left',
    async (_label, spec) => {
      const path = `/token-${++n}`;
      server.route('POST', path, spec);
      const before = handles();
      const c = makeCredentials(server, { tokenUri: server.urlOf(path), ...deadlineBound });
      const started = performance.now();
      const err = await c.refresh().catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ code: 'timeout', retryable: true });
      // At least one full attempt was waited for (a lower bound: load only makes it longer).
      expect(elapsed).toBeGreaterThanOrEqual(ATTEMPT_MS - 10);
      // The deadline, not the 100 attempts (25 s), ended it; 5× slack for a busy machine.
      expect(elapsed).toBeLessThan(5 * DEADLINE_MS);
      // Load can only mean fewer attempts inside the deadline, never more.
      expect(server.count(path)).toBeGreaterThanOrEqual(1);
      expect(server.count(path)).toBeLessThanOrEqual(3);
      expect(await handlesOnceSettled(before)).toBeLessThanOrEqual(before);
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
    const clock = new FrozenClock();
    const c = makeCredentials(server, {
      clock,
      tokenUri: server.urlOf(path),
      timeoutMs: ATTEMPT_MS,
      retry: { baseDelayMs: 50 },
      random: () => 0.5,
    });
    await settle(clock, c.refresh());
    expect(c.accessToken).toBe('CANARY-ok');
    // The first attempt hung and timed out; a later one got the token (on a very busy machine
    // the answer itself may also miss its 200 ms, which costs one more attempt, never fewer).
    expect(server.count(path)).toBeGreaterThanOrEqual(2);
    expect(clock.sleeps.slice(0, 1)).toEqual([50]);
  });

  it('an abort signal stops a hanging refresh at once; nothing is sent after the abort', async () => {
    const path = `/token-${++n}`;
    server.route('POST', path, { hang: true });
    const clock = new FrozenClock();
    // Default 10 s per attempt: only the abort can end this attempt within the bound below.
    const c = makeCredentials(server, { clock, tokenUri: server.urlOf(path) });
    const controller = new AbortController();
    const pending = c.refresh({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.count(path)).toBe(1), { timeout: 5_000, interval: 5 });
    const abortedAt = performance.now();
    controller.abort(new Error('user cancelled'));
    const err = await pending;
    // Adversarial C13/C6 target ≤ 100 ms; asserted with 10× slack, still 10× below the timeout.
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect((err as Error).message).toBe('user cancelled');
    expect(clock.pending).toBe(0); // no back-off scheduled
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(server.count(path)).toBe(1);
  });

  it('a retryable 5xx is retried up to maxAttempts, then reported with its status', async () => {
    const path = `/token-${++n}`;
    server.route('POST', path, { status: 502 });
    const clock = new FrozenClock();
    const c = makeCredentials(server, {
      clock,
      tokenUri: server.urlOf(path),
      timeoutMs: 5_000,
      retry: { baseDelayMs: 50 },
      random: () => 0.5, // no jitter
    });
    const err = await settle(clock, c.refresh()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpAccessTokenRefreshError);
    expect(err).toMatchObject({ status: 502, retryable: true });
    expect(server.count(path)).toBe(4);
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });
});
