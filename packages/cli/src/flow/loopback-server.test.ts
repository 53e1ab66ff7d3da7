import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LoopbackServerError } from '../errors.js';
import { LoopbackRedirectServer } from './loopback-server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  path: string,
  options: { method?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}` },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** TCP handles (servers and sockets) still open after libuv ran its close callbacks (≤ 1 s). */
async function tcpServerHandles(): Promise<number> {
  const count = () =>
    process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap')
      .length;
  for (let i = 0; i < 20 && count() > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return count();
}

describe('LoopbackRedirectServer', () => {
  it('listens on 127.0.0.1 with an OS-assigned port and a redirect URI of exactly http://127.0.0.1:<port>/ (L1)', async () => {
    const server = await LoopbackRedirectServer.start({ expectedState: 's' });
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(server.redirectUri).toBe(`http://127.0.0.1:${server.port}/`);
      // Not reachable on another address of the machine: only the loopback address is bound.
      await expect(
        send(server.port, '/?state=x', { host: `127.0.0.1:${server.port}` }),
      ).resolves.toMatchObject({ status: 400 });
    } finally {
      await server.close();
    }
  });

  it('refuses a host that is not a loopback IP literal', async () => {
    await expect(
      LoopbackRedirectServer.start({ expectedState: 's', host: '0.0.0.0' }),
    ).rejects.toThrow(LoopbackServerError);
    await expect(
      LoopbackRedirectServer.start({ expectedState: 's', host: 'localhost' }),
    ).rejects.toThrow(/loopback IP literal/);
  });

  it('tries the ports in order and takes the first free one', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const busyPort = (busy.address() as { port: number }).port;
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const freePort = (free.address() as { port: number }).port;
    await new Promise<void>((r) => free.close(() => r()));
    try {
      const server = await LoopbackRedirectServer.start({
        expectedState: 's',
        ports: [busyPort, freePort],
      });
      expect(server.port).toBe(freePort);
      await server.close();
      await expect(
        LoopbackRedirectServer.start({ expectedState: 's', ports: [busyPort] }),
      ).rejects.toThrow(new RegExp(`port ${busyPort} is in use`));
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  it('answers hostile requests 400/404/400/405, keeps listening, accepts one valid callback, then closes (L2)', async () => {
    const server = await LoopbackRedirectServer.start({ expectedState: 'good-state' });
    const port = server.port;
    const callback = server.waitForCallback();
    expect((await send(port, '/?code=c&state=bad-state')).status).toBe(400);
    expect((await send(port, '/?code=c')).status).toBe(400);
    expect((await send(port, '/?code=c&state=good-state&state=good-state')).status).toBe(400);
    expect((await send(port, '/favicon.ico')).status).toBe(404);
    expect((await send(port, '/?code=c&state=good-state', { host: 'evil.example' })).status).toBe(
      400,
    );
    expect(
      (await send(port, '/?code=c&state=good-state', { host: `localhost:${port}` })).status,
    ).toBe(400);
    const post = await send(port, '/?code=c&state=good-state', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');

    const ok = await send(port, '/?code=the-code&state=good-state');
    expect(ok.status).toBe(200);
    expect(ok.headers['referrer-policy']).toBe('no-referrer');
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers['content-security-policy']).toContain("default-src 'none'");
    expect(ok.body).not.toContain('the-code');
    expect(ok.body).not.toContain('good-state');
    expect(ok.body).not.toMatch(/<script|<link|<img|src=|href=/i);
    const params = await callback;
    expect(params.get('code')).toBe('the-code');

    // Closed within 1 s: the port can be bound again and no server handle is left.
    const closedBy = Date.now() + 1000;
    let rebound = false;
    while (Date.now() < closedBy && !rebound) {
      rebound = await new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once('error', () => resolve(false));
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
      });
      if (!rebound) await new Promise((r) => setTimeout(r, 50));
    }
    expect(rebound).toBe(true);
    expect(await tcpServerHandles()).toBe(0);
  });

  it('drops a slow client (slowloris) within 12 s while a real callback still succeeds', async () => {
    const server = await LoopbackRedirectServer.start({ expectedState: 'st' });
    const started = Date.now();
    const slow = connect(server.port, '127.0.0.1');
    const dropped = new Promise<number>((resolve) =>
      slow.on('close', () => resolve(Date.now() - started)),
    );
    slow.on('error', () => {});
    slow.write('GET /?code=x&state=st HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => slow.write('X-Slow: 1\r\n'), 500);
    try {
      // Dropped by the server's own timeouts, while it keeps waiting for the real callback.
      expect(await dropped).toBeLessThan(12_000);
      const callback = server.waitForCallback();
      const ok = await send(server.port, '/?code=real&state=st');
      expect(ok.status).toBe(200);
      expect((await callback).get('code')).toBe('real');
    } finally {
      clearInterval(drip);
      slow.destroy();
      await server.close();
    }
  }, 20_000);

  it('closes on abort and rejects with the reason, leaving no handle', async () => {
    const server = await LoopbackRedirectServer.start({ expectedState: 's' });
    const controller = new AbortController();
    const waiting = server.waitForCallback({ signal: controller.signal });
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    await server.close();
    expect(await tcpServerHandles()).toBe(0);
  });
});
