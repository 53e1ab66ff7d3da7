import { type CappedBody, READ_CAPPED } from '../http/capped-body.js';
import type { FetchLike } from '../http/request.js';
import { type NodeHttp, send } from './node-request.js';

/**
 * The default transport of `httpRequest` on Node (see `http/default-transport.ts`): the
 * `createNodeFetch` request over Node's own `http.globalAgent`/`https.globalAgent` (keep-alive,
 * idle sockets unreferenced), so nothing is created or kept here. Internal: its answer carries
 * only what `httpRequest` reads (`status`, `headers` and the `READ_CAPPED` body reader). Its own
 * module, apart from `createNodeFetch`, so a bundle that reaches it through that dynamic import
 * carries neither `createNodeFetch` nor `LightResponse`.
 */
export const globalAgentFetch: FetchLike = (input, init) =>
  send(
    (protocol) => {
      const mod = process.getBuiltinModule(protocol === 'https:' ? 'node:https' : 'node:http');
      return { mod: mod as NodeHttp, agent: mod.globalAgent };
    },
    30_000,
    (body, meta) => {
      const answer: Pick<Response, 'status' | 'headers'> & CappedBody = {
        status: meta.status,
        headers: meta.headers as unknown as Headers,
        [READ_CAPPED]: (cap) => body?.read(cap) ?? Promise.resolve(new Uint8Array(0)),
      };
      return answer as unknown as Response;
    },
    input,
    init,
  );
