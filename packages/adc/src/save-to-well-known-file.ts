import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Credentials, ScopableCredentials } from '@oauth2/core';
import { ApplicationDefaultCredentialsError, NotSerializableError } from '@oauth2/core/errors';
import { resolveEnvironment, wellKnownFilePath } from './internal/environment.js';

/** Options of {@link saveToWellKnownFile}. */
export interface SaveToWellKnownFileOptions {
  /** Environment for the default path (`CLOUDSDK_CONFIG`, `APPDATA`); default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

/**
 * Write credentials as a gcloud ADC file: their `serializationData` as sorted, 2-space-indented
 * JSON (byte-identical to oauth2client's), atomically, with mode 0600. The target defaults to
 * the gcloud well-known file; its directory must exist. Port of `save_to_well_known_file`.
 *
 * @throws {NotSerializableError} the credentials have no ADC file form (Compute Engine, Cloud Shell).
 * @throws {ApplicationDefaultCredentialsError} `Config directory does not exist: <dir>`.
 * @throws {CredentialsFileSymbolicLinkError} the target is a symlink.
 * @throws {StorageWriteError} the write failed.
 * @example
 * await saveToWellKnownFile(credentials); // ~/.config/gcloud/application_default_credentials.json
 */
export async function saveToWellKnownFile(
  credentials: Credentials,
  path?: string,
  options: SaveToWellKnownFileOptions = {},
): Promise<void> {
  const data = serializationDataOf(credentials);
  const target = path ?? wellKnownFilePath(resolveEnvironment(options));
  const dir = dirname(target);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir)
    throw new ApplicationDefaultCredentialsError(`Config directory does not exist: ${dir}`);
  // Loaded here, not at import: a process that only reads credentials never pays for it.
  const { pythonJsonDumps, writeFileAtomic } = await import('@oauth2/core/fs');
  await writeFileAtomic(target, pythonJsonDumps(data, { indent: 2, sortKeys: true }), {
    mode: 0o600,
  });
}

function serializationDataOf(credentials: Credentials): object {
  if (!('serializationData' in credentials)) {
    throw new NotSerializableError(
      `${credentials.constructor.name} has no ADC file form; only user and service-account credentials can be saved.`,
    );
  }
  // The getter itself throws NotSerializableError for Compute Engine and Cloud Shell credentials.
  return (credentials as Credentials & ScopableCredentials).serializationData;
}
