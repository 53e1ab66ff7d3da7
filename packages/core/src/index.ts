/**
 * @oauth2/core: credentials, token refresh, web-server and device flows, client secrets and the
 * Storage contract. Port of `oauth2client.client`, `clientsecrets` and `util`.
 * @module
 */
export * from './errors.js';
export { type Clock, type FetchLike, systemClock } from './http/index.js';
export { AsyncMutex } from './internal/mutex.js';
export { Storage } from './storage.js';

// --- credentials, refresh, storage (owner: credentials work) ---

// --- flows and client secrets (owner: flows work) ---
