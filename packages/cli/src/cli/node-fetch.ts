import type { IncomingMessage } from 'node:http';

/**
 * A `fetch` over `node:http`/`node:https`, for short-lived processes: the global `fetch`
 * compiles undici's WebAssembly HTTP parser on first use (~0.2-0.4 s per process, see
 * bench/README.md). Enough for what the CLI sends (token, revoke, tokeninfo, discovery and the
 * `fetch` command): string or byte bodies, headers, `signal`. Redirects are not followed.
 * Swap for `@oauth2/core/node` once it lands on main: this module is the only place to change.
 */
export async function nodeFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input);
  const { request } =
    url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const headers = new Headers(init.headers);
  if (init.body instanceof URLSearchParams && !headers.has('content-type')) {
    headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  } else if (typeof init.body === 'string' && !headers.has('content-type')) {
    headers.set('content-type', 'text/plain;charset=UTF-8');
  }
  const body = await bodyBytes(init.body);
  if (body !== undefined) headers.set('content-length', String(body.byteLength));
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  return new Promise<Response>((resolve, reject) => {
    const req = request(url, {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(headers),
      ...(signal ? { signal } : {}),
    });
    req.on('error', (err) =>
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err })),
    );
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
        }
        const nullBody =
          status === 204 || status === 205 || status === 304 || init.method === 'HEAD';
        resolve(
          new Response(nullBody ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? '',
            headers: out,
          }),
        );
      });
    });
    req.end(body);
  });
}

async function bodyBytes(body: RequestInit['body']): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  return new Uint8Array(await new Response(body).arrayBuffer());
}
