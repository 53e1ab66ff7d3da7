// Plain JavaScript shared by the storage packages' worker processes (test/workers/*.mjs), which run
// under node without a build step: `import { ... } from '@oauth2/test-kit/workers'`.

/** A Clock `offsetMs` off the real one (a "machine" whose clock is wrong). */
export function offsetClock(offsetMs) {
  return {
    now: () => Date.now() + offsetMs,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };
}

/**
 * Serve the refresher protocol of `twoClocksScenario`/`revokeWhileRefreshingScenario` for
 * `credentials`: each message `{ op: 'refresh' | 'get' }` or `{ op: 'loop', rounds }` is answered
 * with `{ results, invalid }` (`'ok'` or `'error:<code>'` per call); `{ ready: true }` first.
 */
export function serveRefresher(credentials) {
  async function run(op) {
    try {
      if (op === 'refresh') await credentials.refresh();
      else await credentials.getAccessToken();
      return 'ok';
    } catch (err) {
      return `error:${err?.code ?? err}`;
    }
  }
  process.on('message', async (msg) => {
    const results = [];
    if (msg.op === 'loop') {
      for (let i = 0; i < msg.rounds; i++) {
        results.push(await run(Math.random() < 0.5 ? 'refresh' : 'get'));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
      }
    } else {
      results.push(await run(msg.op));
    }
    process.send({ results, invalid: credentials.invalid });
  });
  process.send({ ready: true });
}

/**
 * The stampede worker: say `{ ready: true }`, wait for the parent's go, call
 * `getAccessToken()` `calls` times at once, send `{ tokens }` (`'error:<code>'` for a failure),
 * run `cleanup`, and exit.
 */
export async function stampedeOnGo(credentials, calls, cleanup = async () => {}) {
  process.send({ ready: true });
  await new Promise((resolve) => process.once('message', resolve));
  const tokens = await concurrentTokens(credentials, calls);
  await cleanup();
  process.send({ tokens }, () => process.exit(0));
}

/** `getAccessToken()` called `calls` times at once: each token, or `'error:<code>'`. */
export async function concurrentTokens(credentials, calls) {
  const results = await Promise.allSettled(
    Array.from({ length: Number(calls) }, () => credentials.getAccessToken()),
  );
  return results.map((r) =>
    r.status === 'fulfilled' ? r.value.accessToken : `error:${r.reason?.code}`,
  );
}
