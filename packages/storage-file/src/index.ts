/// <reference types="node" preserve="true" />
/**
 * @oauth2/storage-file: one credential per file, atomic and locked. Port of `oauth2client.file`.
 * @module
 */
export type { FileStorageErrorCode } from './errors.js';
export { FileStorage, FileStorage as Storage, type FileStorageOptions } from './file-storage.js';
