/// <reference types="node" preserve="true" />
/**
 * @oauth2/storage-multistore: many credentials in one locked file, compatible with
 * `oauth2client.multistore_file` (and reading 4.x `multiprocess_file_storage` files).
 * @module
 */
export {
  MultistoreEntryCorruptError,
  type MultistoreErrorCode,
  MultistoreKeyError,
} from './errors.js';
export {
  getAllCredentialKeys,
  getCredentialStorage,
  getCredentialStorageCustomKey,
  getCredentialStorageCustomStringKey,
} from './get-credential-storage.js';
export { Multistore, type MultistoreOptions } from './multistore.js';
export type { MultistoreKey, MultistoreKeyValue } from './multistore-key.js';
export { MultistoreStorage } from './multistore-storage.js';
