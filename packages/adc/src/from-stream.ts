import type { Credentials } from '@oauth2/core';
import { ApplicationDefaultCredentialsError } from '@oauth2/core/errors';
import { buildCredentials } from './build-credentials.js';
import { type AdcFileSystem, nodeAdcFileSystem } from './internal/adc-fs.js';
import type { BuildOptions } from './internal/build-options.js';
import { loadAdcFile } from './internal/load-adc-file.js';

/** Options of {@link fromStream}. */
export interface FromStreamOptions extends BuildOptions {
  /** File-system reads (default `node:fs/promises`). */
  fs?: AdcFileSystem;
}

/**
 * Load credentials from an ADC file (`authorized_user` or `service_account`). Port of
 * `GoogleCredentials.from_stream(filename)`.
 *
 * @throws {ApplicationDefaultCredentialsError} the path does not exist or is not a file (the
 *   message names it), or the file is invalid (oauth2client's messages; the content is never quoted).
 * @example
 * const credentials = await fromStream('/secrets/service-account.json', { scopes: 'https://www.googleapis.com/auth/cloud-platform' });
 */
export async function fromStream(
  path: string,
  options: FromStreamOptions = {},
): Promise<Credentials> {
  const { fs = nodeAdcFileSystem, ...build } = options;
  let found: 'file' | 'other' | 'missing' = 'missing';
  try {
    found = (await fs.stat(path)).isFile() ? 'file' : 'other';
  } catch {
    found = 'missing';
  }
  if (found !== 'file') {
    // oauth2client's message, then which path and what is wrong with it.
    throw new ApplicationDefaultCredentialsError(
      `The parameter passed to the fromStream() method should point to a file: "${path}" ${found === 'missing' ? 'does not exist' : 'is not a regular file'}.`,
    );
  }
  const file = await loadAdcFile(path, 'stream', fs);
  return buildCredentials(file, path, 'stream', build);
}
