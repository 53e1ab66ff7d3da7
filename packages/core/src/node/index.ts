/// <reference types="node" preserve="true" />
/**
 * `@oauth2/core/node`: a fast `fetch` for short-lived Node processes (see {@link createNodeFetch}).
 * @module
 */
export { createNodeFetch, type NodeFetchOptions } from './node-fetch.js';
