import type { FetchLike } from './request.js';

/** Where undici keeps the dispatcher `setGlobalDispatcher` installs (a proxy, a MockAgent...). */
const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * The transport of the library's own requests (token, revoke, tokeninfo, metadata, certs) when
 * none is given. On Node: `node:http`/`node:https` through Node's global agents (the transport
 * of `@oauth2/core/node`, loaded only here), because the global `fetch`'s first request in a
 * Node 20 process loads undici and compiles its WebAssembly HTTP parser: ~2× the wall time and
 * ~35 MiB more for a process that prints a token. The platform `fetch` stays the default outside
 * Node and wherever the process configured undici (`setGlobalDispatcher`), so a proxy or mock
 * agent set there keeps applying. `credentials.authorize()` always defaults to the platform
 * `fetch` (it follows redirects and returns real `Response`s).
 */
export async function defaultTransport(): Promise<FetchLike> {
  const onNode = typeof globalThis.process?.getBuiltinModule === 'function';
  if (!onNode || UNDICI_GLOBAL_DISPATCHER in globalThis) return globalThis.fetch;
  return (await import('../node/global-agent-fetch.js')).globalAgentFetch;
}
