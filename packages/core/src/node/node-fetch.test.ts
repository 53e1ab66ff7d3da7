import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ResponseTooLargeError, TimeoutError } from '@oauth2/core/errors';
import { httpRequest } from '@oauth2/core/http';
import { rejectionOf, useTempDir } from '@oauth2/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from './node-fetch.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** A loopback server whose handler each test sets; it records what arrived. */
function loopback(make: (h: http.RequestListener) => http.Server) {
  let handler: Handler = (_req, res) => res.end('ok');
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] =
    [];
  const server = make((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return {
    server,
    seen,
    set: (h: Handler) => {
      handler = h;
    },
    async listen(): Promise<number> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return (server.address() as AddressInfo).port;
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('createNodeFetch over real loopback http', () => {
  const srv = loopback((h) => http.createServer(h));
  let base = '';
  beforeAll(async () => {
    base = `http://127.0.0.1:${await srv.listen()}`;
  });
  afterAll(() => srv.close());
  afterEach(() => {
    srv.seen.length = 0;
  });

  it('T1 POSTs a form body with fetch-compatible headers and reads status, headers and JSON', async () => {
    srv.set((_req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, 'Made', { 'Content-Type': 'application/json', 'X-Multi': 'v1' });
      res.end('{"access_token":"ya29.t"}');
    });
    const fetch = createNodeFetch();
    const res = await fetch(`${base}/token?x=1`, {
      method: 'POST',
      headers: { 'User-Agent': 'ua/1', 'x-one': 'a' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: '1//r' }),
    });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(res.ok).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('X-MULTI')).toBe('v1');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ access_token: 'ya29.t' });
    expect(res.bodyUsed).toBe(true);
    const got = srv.seen[0];
    expect(got).toMatchObject({ method: 'POST', url: '/token?x=1' });
    expect(got?.body).toBe('grant_type=refresh_token&refresh_token=1%2F%2Fr');
    expect(got?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(got?.headers['content-length']).toBe(String(got?.body.length));
    expect(got?.headers['user-agent']).toBe('ua/1');
    expect(got?.headers['x-one']).toBe('a');
  });

  it('T2 accepts a Headers instance, header pairs, bytes and string bodies', async () => {
    srv.set((_req, res, body) => res.end(body));
    const fetch = createNodeFetch();
    const a = await fetch(`${base}/a`, {
      method: 'PUT',
      headers: new Headers({ 'x-h': '1' }),
      body: new TextEncoder().encode('bytes'),
    });
    expect(await a.text()).toBe('bytes');
    const b = await fetch(new URL(`${base}/b`), {
      method: 'POST',
      headers: [['x-p', '2']],
      body: 'text',
    });
    expect(await b.text()).toBe('text');
    expect(srv.seen.map((s) => [s.headers['x-h'], s.headers['x-p']])).toEqual([
      ['1', undefined],
      [undefined, '2'],
    ]);
    expect(srv.seen[1]?.headers['content-type']).toBe('text/plain;charset=UTF-8');
  });

  it('T3 a header value with CR/LF is refused before anything is sent', async () => {
    const fetch = createNodeFetch();
    await expect(fetch(`${base}/x`, { headers: { 'x-bad': 'a\r\nInjected: 1' } })).rejects.toThrow(
      TypeError,
    );
    expect(srv.seen).toHaveLength(0);
  });

  it('T4 never follows redirects: a 302 is returned as is; redirect "error" rejects', async () => {
    srv.set((_req, res) => res.writeHead(302, { Location: `${base}/elsewhere` }).end());
    const fetch = createNodeFetch();
    const res = await fetch(`${base}/r`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${base}/elsewhere`);
    await expect(fetch(`${base}/r`, { redirect: 'error' })).rejects.toThrow(/redirect/);
    expect(srv.seen.map((s) => s.url)).toEqual(['/r', '/r']);
  });

  it('T5 an abort before the answer rejects with the signal reason', async () => {
    srv.set(() => {}); // never answers
    const controller = new AbortController();
    const pending = createNodeFetch()(`${base}/slow`, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('T5 an abort while the body streams errors the body with the reason', async () => {
    srv.set((_req, res) => {
      res.writeHead(200);
      res.write('part');
    });
    const controller = new AbortController();
    const res = await createNodeFetch()(`${base}/stream`, { signal: controller.signal });
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 30);
    await expect(res.text()).rejects.toBe(reason);
  });

  it('T5 an already aborted signal sends nothing', async () => {
    const reason = new Error('early');
    await expect(
      createNodeFetch()(`${base}/x`, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(srv.seen).toHaveLength(0);
  });

  it('T6 a silent connection fails with a TimeoutError after timeoutMs', async () => {
    srv.set(() => {});
    const started = Date.now();
    const err = await createNodeFetch({ timeoutMs: 100 })(`${base}/silent`).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("T6 httpRequest's whole-exchange timeout applies through the transport", async () => {
    srv.set(() => {});
    await rejectionOf(
      httpRequest(`${base}/silent`, { fetch: createNodeFetch(), timeoutMs: 100 }),
      TimeoutError,
    );
  });

  it('T7 the body cap of httpRequest stops a streamed oversized body and frees the socket', async () => {
    let closed = false;
    srv.set((req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 97);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => {
        clearInterval(timer);
        closed = true;
      });
      req.socket.on('error', () => {});
    });
    await rejectionOf(
      httpRequest(`${base}/big`, { fetch: createNodeFetch(), maxBodyBytes: 256 * 1024 }),
      ResponseTooLargeError,
    );
    await expect.poll(() => closed, { timeout: 5_000 }).toBe(true);
  });

  it('T7 a declared Content-Length over the cap is refused before reading', async () => {
    srv.set((_req, res) => res.writeHead(200, { 'Content-Length': String(5 * 1024 * 1024) }).end());
    await rejectionOf(
      httpRequest(`${base}/declared`, { fetch: createNodeFetch(), maxBodyBytes: 1024 }),
      ResponseTooLargeError,
    );
  });

  it('T8 a refused connection rejects TypeError("fetch failed") with the code in the cause', async () => {
    const closed = loopback((h) => http.createServer(h));
    const port = await closed.listen();
    await closed.close();
    const err = await createNodeFetch()(`http://127.0.0.1:${port}/`).catch((e) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause).toMatchObject({ code: 'ECONNREFUSED' });
    const wrapped = await httpRequest(`http://127.0.0.1:${port}/`, {
      fetch: createNodeFetch(),
    }).catch((e) => e);
    expect(wrapped.message).toContain('ECONNREFUSED');
    expect(wrapped.maybeSent).toBe(false);
  });

  it('T9 keeps the connection alive between requests', async () => {
    const ports = new Set<number>();
    srv.set((req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      res.end('k');
    });
    const fetch = createNodeFetch();
    for (let i = 0; i < 3; i++) expect(await (await fetch(`${base}/k`)).text()).toBe('k');
    expect(ports.size).toBe(1);
    const noReuse = createNodeFetch({ keepAlive: false });
    ports.clear();
    for (let i = 0; i < 3; i++) await (await noReuse(`${base}/k`)).text();
    expect(ports.size).toBe(3);
  });

  it('T10 clone() tees the body; HEAD and 204 have none', async () => {
    srv.set((req, res) => {
      if (req.url === '/none') res.writeHead(204).end();
      else res.end('twice');
    });
    const fetch = createNodeFetch();
    const res = await fetch(`${base}/c`);
    const copy = res.clone();
    expect(await res.text()).toBe('twice');
    expect(await copy.text()).toBe('twice');
    expect((await fetch(`${base}/none`)).body).toBeNull();
    expect((await fetch(`${base}/c`, { method: 'HEAD' })).body).toBeNull();
  });

  it('T13 httpRequest takes the body without touching Response.body (no web stream)', async () => {
    srv.set((_req, res) => {
      res.write('{"access_token":');
      setTimeout(() => res.end('"a"}'), 20); // chunked, no Content-Length
    });
    let touched = 0;
    const transport = createNodeFetch();
    const watched: typeof transport = async (input, init) => {
      const res = await transport(input, init);
      const proto = Object.getPrototypeOf(res);
      const getter = Object.getOwnPropertyDescriptor(proto, 'body')?.get;
      Object.defineProperty(res, 'body', {
        get() {
          touched++;
          return getter?.call(res);
        },
      });
      return res;
    };
    const got = await httpRequest(`${base}/t`, { fetch: watched });
    expect(got.body).toBe('{"access_token":"a"}');
    expect(touched).toBe(0);
    const capped = await httpRequest(`${base}/t`, { fetch: watched, maxBodyBytes: 5 }).catch(
      (e) => e,
    );
    expect(capped).toBeInstanceOf(ResponseTooLargeError);
    expect(touched).toBe(0);
  });

  it('T13 the body stream, touched late, still carries the bytes that arrived before', async () => {
    srv.set((_req, res) => {
      res.write('early,');
      setTimeout(() => res.end('late'), 30);
    });
    const res = await createNodeFetch()(`${base}/s`);
    await new Promise((r) => setTimeout(r, 10));
    const body = res.body;
    expect(body).not.toBeNull();
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += Buffer.from(r.value).toString('utf8');
    }
    expect(text).toBe('early,late');
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
  });

  it('T13 a body read twice is refused; arrayBuffer() is exactly the bytes', async () => {
    srv.set((_req, res) => res.end('xyz'));
    const res = await createNodeFetch()(`${base}/b`);
    const buf = await res.arrayBuffer();
    expect(buf.byteLength).toBe(3);
    expect(Buffer.from(buf).toString('utf8')).toBe('xyz');
    await expect(res.text()).rejects.toThrow(/already been read/);
  });

  it('T11 refuses URLs with credentials and non-http protocols', async () => {
    const fetch = createNodeFetch();
    await expect(fetch(`http://user:pw@127.0.0.1:1/`)).rejects.toThrow(TypeError);
    await expect(fetch('file:///etc/passwd')).rejects.toThrow(/protocol/);
  });
});

describe('createNodeFetch over real loopback https', () => {
  const tmp = useTempDir('oauth2-node-fetch-', { per: 'file' });
  let srv: ReturnType<typeof loopback>;
  let cert = '';
  let base = '';
  beforeAll(async () => {
    const key = join(tmp.dir, 'key.pem');
    const crt = join(tmp.dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    cert = await readFile(crt, 'utf8');
    const keyPem = await readFile(key, 'utf8');
    srv = loopback((h) => https.createServer({ key: keyPem, cert }, h));
    base = `https://127.0.0.1:${await srv.listen()}`;
  });
  afterAll(() => srv?.close());

  it('T12 talks to an https server whose CA is passed as ca', async () => {
    srv.set((_req, res, body) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body}`),
    );
    const res = await createNodeFetch({ ca: cert })(`${base}/token`, {
      method: 'POST',
      body: 'x=1',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('got x=1');
  });

  it('T12 refuses an https server it does not trust', async () => {
    const err = await createNodeFetch()(`${base}/token`).catch((e) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(String(err.cause?.code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });
});
