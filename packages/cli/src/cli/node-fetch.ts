import { createNodeFetch } from '@oauth2/core/node';

/**
 * The CLI's transport: core's `fetch` over `node:http` (the global `fetch` compiles undici's
 * WebAssembly parser on first use, ~0.2-0.4 s per process). Idle keep-alive sockets never delay
 * the exit.
 */
export const nodeFetch = createNodeFetch();
