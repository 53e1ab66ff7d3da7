import type * as Http from 'node:http';
import type { FetchLike } from '../http/request.js';
import { LightResponse } from './light-response.js';
import type { NodeBody } from './node-body.js';
import { type NodeHttp, type ResponseMeta, send } from './node-request.js';

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

/**
 * A `fetch` over `node:http`/`node:https` for Node processes that start, fetch a token and exit:
 * the global `fetch`'s first request loads undici and compiles its WebAssembly HTTP parser, which
 * costs a short-lived process hundreds of milliseconds and ~30 MiB. The library's own requests
 * use this transport by default on Node (over Node's global agents); `createNodeFetch()` gives it
 * its own pool and options, and lets `credentials.authorize()` use it too. This transport:
 * - never follows redirects (a 3xx is returned as is; `redirect: 'error'` rejects it);
 * - honours `signal` (the request, and a body being read, fail with `signal.reason`) and an
 *   inactivity timeout; connection failures reject with `TypeError('fetch failed')` whose `cause`
 *   carries Node's `code` (`ECONNREFUSED`...), as `fetch` does;
 * - keeps connections alive (idle sockets are unreferenced, so they never delay exit);
 * - returns a `Response`-compatible object that loads neither undici nor web streams unless its
 *   `body` stream is touched (`instanceof Response` is false); it does not decompress (it sends
 *   no `Accept-Encoding`) and ignores proxy settings made for undici (`setGlobalDispatcher`):
 *   keep the platform `fetch` where you rely on those.
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
  return (input, init) => send(load, timeoutMs, lightResponse, input, init);
}

function lightResponse(body: NodeBody | null, meta: ResponseMeta): Response {
  return new LightResponse(body, meta) as unknown as Response;
}

/** Node's bundled roots: an explicit `ca` would replace them otherwise. */
function tlsRootCertificates(): readonly string[] {
  return process.getBuiltinModule('node:tls').rootCertificates;
}
