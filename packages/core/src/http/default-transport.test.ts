import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseTooLargeError } from '../errors.js';
import { globalAgentFetch } from '../node/global-agent-fetch.js';
import { defaultTransport } from './default-transport.js';
import { httpRequest } from './request.js';

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

describe('the default transport of httpRequest', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/big') res.end('x'.repeat(4096));
      else res.writeHead(200, { 'retry-after': '7' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /**
   * Run `fn` with undici's global dispatcher slot as given, restoring it after. Nothing in this
   * file loads undici, which would define the slot for good (not configurable).
   */
  async function withDispatcher<T>(value: unknown, fn: () => Promise<T>): Promise<T> {
    const g = globalThis as Record<symbol, unknown>;
    const had = DISPATCHER in g;
    const saved = g[DISPATCHER];
    if (value === undefined) delete g[DISPATCHER];
    else g[DISPATCHER] = value;
    try {
      return await fn();
    } finally {
      if (had) g[DISPATCHER] = saved;
      else delete g[DISPATCHER];
    }
  }

  it('D1 on Node it is the node:http transport over the global agents', async () => {
    expect(await withDispatcher(undefined, defaultTransport)).toBe(globalAgentFetch);
  });

  it('D2 once the process set an undici global dispatcher (a proxy, a mock) it is the platform fetch', async () => {
    expect(await withDispatcher({}, defaultTransport)).toBe(globalThis.fetch);
  });

  it('D3 httpRequest without a fetch reads status, headers and body through it', async () => {
    const res = await withDispatcher(undefined, () => httpRequest(`${base}/ok`));
    expect(res.status).toBe(200);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body).toBe('{"ok":true}');
    // The node:http transport's headers, not undici's (naming `Headers` here would load undici).
    expect(res.headers.constructor.name).toBe('LightHeaders');
  });

  it('D4 the body cap applies to it', async () => {
    const err = await withDispatcher(undefined, () =>
      httpRequest(`${base}/big`, { maxBodyBytes: 100 }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
  });
});
