import type * as Http from 'node:http';
import { TimeoutError } from '../errors.js';
import { LightHeaders } from './light-headers.js';
import { NodeBody } from './node-body.js';

/** `node:http` and `node:https` have the same shape. */
export type NodeHttp = typeof Http;

/** What a response is made of, for {@link send}'s `wrap`. */
export interface ResponseMeta {
  status: number;
  statusText: string;
  headers: LightHeaders;
  url: string;
}

/** One request over `node:http`/`node:https`; `wrap` makes the answer from its parts. */
export async function send(
  load: (protocol: string) => { mod: NodeHttp; agent: Http.Agent },
  timeoutMs: number,
  wrap: (body: NodeBody | null, meta: ResponseMeta) => Response,
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
  const encoded = await encodeBody(init.body !== undefined ? init.body : request?.body, headers);
  if (encoded !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new TypeError('Request with GET/HEAD method cannot have body.');
  }
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (encoded !== undefined) headers.set('content-length', String(encoded.byteLength));
  else if (method !== 'GET' && method !== 'HEAD') headers.set('content-length', '0');
  const { mod, agent } = load(url.protocol);

  return new Promise<Response>((resolve, reject) => {
    let body: NodeBody | undefined;
    const req = mod.request(url, { method, headers: headers.toNodeHeaders(), agent });
    const fail = (err: unknown) => {
      body?.fail(err);
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
      body?.fail(wrapped);
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
      if (method === 'HEAD' || status === 204 || status === 304) {
        res.resume();
        res.on('end', done);
      } else {
        body = new NodeBody(res, done);
      }
      resolve(
        wrap(body ?? null, {
          status,
          statusText: res.statusMessage ?? '',
          headers: responseHeaders,
          url: url.href,
        }),
      );
    });
    req.end(encoded);
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
