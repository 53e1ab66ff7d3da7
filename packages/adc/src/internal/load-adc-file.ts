import { ApplicationDefaultCredentialsError, OAuth2Error } from '@oauth2/core/errors';
import { GOOGLE_APPLICATION_CREDENTIALS } from '../constants.js';
import { type AdcFile, AdcFileProblem, parseAdcFile } from './adc-file.js';
import { type AdcFileSystem, errnoOf } from './adc-fs.js';

/** Where a file path came from; it decides the `extra_help` of error messages (spec §12.1). */
export type FileOrigin = 'env' | 'gcloud' | 'stream';

const EXTRA_HELP: Record<FileOrigin, string> = {
  env: ` (pointed to by ${GOOGLE_APPLICATION_CREDENTIALS} environment variable)`,
  gcloud: ' (produced automatically when running "gcloud auth login" command)',
  stream: ' (provided as parameter to the fromStream() method)',
};

/** No real ADC file is anywhere near this big. */
const MAX_FILE_BYTES = 1024 * 1024;

/** oauth2client's wrapper message for any problem reading a chosen file. */
export function readingError(
  path: string,
  origin: FileOrigin,
  detail: string,
  cause?: unknown,
): ApplicationDefaultCredentialsError {
  return new ApplicationDefaultCredentialsError(
    `An error was encountered while reading json file: ${path}${EXTRA_HELP[origin]}: ${detail}`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Read and validate a chosen ADC file. Every failure is an `ApplicationDefaultCredentialsError`
 * naming the file and where its path came from, never quoting its content.
 */
export async function loadAdcFile(
  path: string,
  origin: FileOrigin,
  fs: AdcFileSystem,
): Promise<AdcFile> {
  let text: string;
  try {
    const stats = await fs.stat(path);
    if (stats.isDirectory()) throw readingError(path, origin, 'it is a directory, not a file.');
    if (stats.size > MAX_FILE_BYTES)
      throw readingError(path, origin, 'the file is larger than 1 MiB.');
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof ApplicationDefaultCredentialsError) throw err;
    // Core's reader explains itself (a FIFO, too large, owned by another user, group-writable).
    if (err instanceof OAuth2Error && !/^E[A-Z]+$/.test(err.code)) {
      throw readingError(path, origin, err.message);
    }
    const code = errnoOf(err);
    throw readingError(path, origin, `cannot read the file${code ? ` (${code})` : ''}.`);
  }
  try {
    return parseAdcFile(text);
  } catch (err) {
    if (err instanceof AdcFileProblem) throw readingError(path, origin, err.message);
    throw err;
  }
}
