/// <reference types="node" preserve="true" />
/**
 * @oauth2/storage-keyring: credentials in the OS keyring. Port of `oauth2client.keyring_storage`.
 * @module
 */
// The error class lives in core's error tree; it stays importable from here.
export { KeyringValueTooLargeError } from '@oauth2/core/errors';
export type { KeyringStorageErrorCode } from './errors.js';
export type { KeyringBackend } from './keyring-backend.js';
export { KeyringStorage, type KeyringStorageOptions } from './keyring-storage.js';
export { type KeytarBackendOptions, keytarBackend } from './keytar-backend.js';
export { type NapiKeyringBackendOptions, napiKeyringBackend } from './napi-keyring-backend.js';
