import type * as Http from 'node:http';
import { TimeoutError } from '../errors.js';
import type { FetchLike } from '../http/request.js';
import { LightHeaders } from './light-headers.js';
import { LightResponse } from './light-response.js';

/** Options of {@link createNodeFetch}. */
export interface NodeFetchOptions {
  /** Reuse connections between requests (default `true`). Idle sockets never keep a process alive. */
  keepAlive?: boolean | undefined;
  /** Connections per host at most (default 16). */
  maxSockets?: number | undefined;
  /**
   * Socket inactivity limit in ms (default 30 000; `0` disables): a request whose connection
   * stays silent that long fails with a `TimeoutError`. Callers that need a whole-exchange limit
   * pass a `signal` (the library's own requests always do).
   */
  timeoutMs?: number | undefined;
  /** Extra CA certificates (PEM) to trust for `https:`, on top of Node's bundled roots. */
  ca?: string | readonly string[] | undefined;
}

type NodeHttp = typeof Http;

/**
 * A `fetch` over `node:http`/`node:https` for Node processes that start, fetch a token and exit:
 * the global `fetch`'s first request loads undici and compiles its WebAssembly HTTP parser, which
 * costs a short-lived process hundreds of milliseconds and ~30 MiB. This transport:
 * - never follows redirects (a 3xx is returned as is; `redirect: 'error'` rejects it);
 * - honours `signal` (the request, and a body being read, fail with `signal.reason`) and an
 *   inactivity timeout; connection failures reject with `TypeError('fetch failed')` whose `cause`
 *   carries Node's `code` (`ECONNREFUSED`...), as `fetch` does;
 * - keeps connections alive (idle sockets are unreferenced, so they never delay exit);
 * - returns a `Response`-compatible object that does not load undici (`instanceof Response` is
 *   false); it does not decompress (it sends no `Accept-Encoding`) and ignores proxy settings
 *   made for undici (`setGlobalDispatcher`): keep the platform `fetch` where you rely on those.
 *
 * @param options - connection reuse and timeout.
 * @returns a {@link FetchLike} to pass as the `fetch` option of any @oauth2 object.
 * @example
 * import { createNodeFetch } from '@oauth2/core/node';
 * const credentials = await getApplicationDefault({ fetch: createNodeFetch() });
 */
export function createNodeFetch(options: NodeFetchOptions = {}): FetchLike {
  const keepAlive = options.keepAlive ?? true;
  const maxSockets = options.maxSockets ?? 16;
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Loaded and created on first use, per instance: nothing at import time.
  const agents = new Map<string, Http.Agent>();
  const load = (protocol: string): { mod: NodeHttp; agent: Http.Agent } => {
    const mod = process.getBuiltinModule(protocol === 'https:' ? 'node:https' : 'node:http');
    let agent = agents.get(protocol);
    if (!agent) {
      const ca = options.ca === undefined ? undefined : [tlsRootCertificates(), options.ca].flat();
      agent = new mod.Agent({ keepAlive, maxSockets, ...(protocol === 'https:' && ca && { ca }) });
      agents.set(protocol, agent);
    }
    return { mod: mod as NodeHttp, agent };
  };
  return (input, init) => send(load, timeoutMs, input, init);
}

/** Node's bundled roots: an explicit `ca` would replace them otherwise. */
function tlsRootCertificates(): readonly string[] {
  return process.getBuiltinModule('node:tls').rootCertificates;
}

async function send(
  load: (protocol: string) => { mod: NodeHttp; agent: Http.Agent },
  timeoutMs: number,
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  // A Request is read only when one is passed (touching the global loads undici).
  const request = typeof input === 'string' || input instanceof URL ? undefined : input;
  const url = new URL(request ? request.url : input.toString());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new TypeError('Request cannot be constructed from a URL that includes credentials.');
  }
  const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = new LightHeaders(init.headers ?? request?.headers);
  const signal = init.signal ?? request?.signal ?? undefined;
  const redirect = init.redirect ?? request?.redirect ?? 'follow';
  signal?.throwIfAborted();
  const body = await encodeBody(init.body !== undefined ? init.body : request?.body, headers);
  if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new TypeError('Request with GET/HEAD method cannot have body.');
  }
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (body !== undefined) headers.set('content-length', String(body.byteLength));
  else if (method !== 'GET' && method !== 'HEAD') headers.set('content-length', '0');
  const { mod, agent } = load(url.protocol);

  return new Promise<Response>((resolve, reject) => {
    let stream: ReadableStreamDefaultController<Uint8Array> | undefined;
    const req = mod.request(url, { method, headers: headers.toNodeHeaders(), agent });
    const fail = (err: unknown) => {
      stream?.error(err);
      reject(err);
      req.destroy();
    };
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs, () =>
        fail(new TimeoutError(`Request to ${url.host} was silent for ${timeoutMs} ms.`)),
      );
    }
    req.on('error', (err) => {
      done();
      const wrapped = new TypeError('fetch failed', { cause: err });
      stream?.error(wrapped);
      reject(wrapped);
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (redirect === 'error' && status >= 300 && status < 400) {
        done();
        res.destroy();
        reject(new TypeError('fetch failed: redirect refused (redirect: "error")'));
        return;
      }
      const responseHeaders = new LightHeaders();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        responseHeaders.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
      }
      const empty = method === 'HEAD' || status === 204 || status === 304;
      let body: ReadableStream<Uint8Array> | null = null;
      if (empty) {
        res.resume();
        res.on('end', done);
      } else {
        body = new ReadableStream<Uint8Array>(
          {
            start(controller) {
              stream = controller;
              res.on('data', (chunk: Buffer) => {
                controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
                if ((controller.desiredSize ?? 1) <= 0) res.pause();
              });
              res.on('end', () => {
                done();
                stream = undefined;
                controller.close();
              });
              res.on('error', (err) => fail(new TypeError('fetch failed', { cause: err })));
            },
            pull() {
              res.resume();
            },
            cancel() {
              done();
              stream = undefined;
              res.destroy();
            },
          },
          { highWaterMark: 16 },
        );
      }
      const response = new LightResponse(body, {
        status,
        statusText: res.statusMessage ?? '',
        headers: responseHeaders,
        url: url.href,
      });
      resolve(response as unknown as Response);
    });
    req.end(body);
  });
}

/** The request body as bytes, setting `content-type` as `fetch` would when absent. */
async function encodeBody(
  body: RequestInit['body'] | ReadableStream | undefined,
  headers: LightHeaders,
): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  const type = (value: string) => {
    if (!headers.has('content-type')) headers.set('content-type', value);
  };
  if (typeof body === 'string') {
    type('text/plain;charset=UTF-8');
    return Buffer.from(body, 'utf8');
  }
  if (body instanceof URLSearchParams) {
    type('application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString(), 'utf8');
  }
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Blob, FormData, streams: let the platform encode them (loads undici; rare for OAuth).
  const encoded = new Response(body as ConstructorParameters<typeof Response>[0]);
  const contentType = encoded.headers.get('content-type');
  if (contentType) type(contentType);
  return Buffer.from(await encoded.arrayBuffer());
}
