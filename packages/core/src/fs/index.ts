/// <reference types="node" preserve="true" />
/**
 * File plumbing for credential stores: atomic 0600 writes, symlink-refusing reads, a
 * cross-process file lock driver, corrupt-file preservation and Python-compatible JSON output.
 * Used by `@oauth2/storage-file`, `@oauth2/storage-multistore` and `@oauth2/adc`.
 * @module
 */

export {
  InsecureCredentialFileError,
  IsADirectoryError,
  LockCompromisedError,
  StorageWriteError,
} from '../errors.js';
export {
  createDirectories,
  syncDirectory,
  type WriteFileAtomicOptions,
  writeFileAtomic,
} from './atomic-write.js';
export { FileLock, type FileLockOptions, type HeldLock, type LockfileApi } from './file-lock.js';
export { checkFileOwnership, tightenFileMode } from './file-ownership.js';
export { type CredentialFileHandle, type CredentialFs, nodeCredentialFs } from './file-system.js';
export { compactTimestamp, type KeepCorruptCopyOptions, keepCorruptCopy } from './keep-copy.js';
export {
  LockedCredentialFile,
  type LockedCredentialFileOptions,
} from './locked-credential-file.js';
export { type PythonJsonOptions, pythonJsonDumps } from './python-json.js';
export {
  checkCredentialPath,
  DEFAULT_MAX_CREDENTIAL_FILE_BYTES,
  openCredentialFile,
  type ReadCredentialFileOptions,
  readCredentialFile,
} from './safe-read.js';
