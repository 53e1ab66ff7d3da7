import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackServer } from './loopback-server.js';

let server: LoopbackServer;
afterEach(async () => server?.close());

describe('LoopbackServer', () => {
  it('answers scripted responses in order, repeating the last, and records requests', async () => {
    server = await LoopbackServer.start();
    server.route('POST', '/token', { status: 503, body: 'busy' }, { body: { ok: true } });
    const post = (body: string) =>
      fetch(server.urlOf('/token?x=1'), {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await post('a=1')).status).toBe(503);
    const second = await post('a=2');
    expect(second.status).toBe(200);
    expect(second.headers.get('content-type')).toBe('application/json');
    expect(await second.json()).toEqual({ ok: true });
    expect((await post('a=3')).status).toBe(200);
    expect(server.count('/token')).toBe(3);
    expect(server.requestsTo('/token')[1]?.form.get('a')).toBe('2');
    expect(server.requests[0]?.query.get('x')).toBe('1');
    expect(server.requests[0]?.url).toBe('/token?x=1');
  });

  it('answers 404 for unknown routes and runs handler functions', async () => {
    server = await LoopbackServer.start();
    server.route('*', '/echo', (req) => ({ status: 201, body: req.method }));
    expect((await fetch(server.urlOf('/nope'))).status).toBe(404);
    const res = await fetch(server.urlOf('/echo'), { method: 'PUT', body: 'x' });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('PUT');
  });

  it('can hang, reset and dribble', async () => {
    server = await LoopbackServer.start();
    server.route('GET', '/hang', { hang: true });
    server.route('GET', '/reset', { reset: true });
    server.route('GET', '/dribble', {
      chunks: [{ data: 'a' }, { data: 'b', delayMs: 20 }, { data: 'c', delayMs: 20 }],
    });
    await expect(
      fetch(server.urlOf('/hang'), { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await expect(fetch(server.urlOf('/reset'))).rejects.toThrow();
    const started = Date.now();
    expect(await (await fetch(server.urlOf('/dribble'))).text()).toBe('abc');
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});
