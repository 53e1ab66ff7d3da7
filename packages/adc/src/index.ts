/// <reference types="node" preserve="true" />
/**
 * @oauth2/adc: Application Default Credentials. Finds credentials in
 * `GOOGLE_APPLICATION_CREDENTIALS`, the gcloud well-known file, Cloud Shell or the Compute
 * Engine metadata server, and explains the search. Port of oauth2client's
 * `GoogleCredentials.get_application_default`, `from_stream` and `save_to_well_known_file`.
 * @module
 */
export {
  type AdcCredentialsSummary,
  type AdcOutcome,
  type AdcReport,
  type AdcSource,
  type AdcSourceReport,
  formatAdcReport,
} from './adc-report.js';
export {
  ApplicationDefaultCredentials,
  type ApplicationDefaultOptions,
} from './application-default-credentials.js';
export {
  AuthorizedUserCredentials,
  type AuthorizedUserCredentialsOptions,
  type AuthorizedUserFileData,
} from './authorized-user-credentials.js';
export {
  ADC_HELP_MESSAGE,
  AUTHORIZED_USER,
  GOOGLE_APPLICATION_CREDENTIALS,
  SERVICE_ACCOUNT,
  WELL_KNOWN_FILE_NAME,
} from './constants.js';
export type { AdcErrorCode } from './errors.js';
export { type FromStreamOptions, fromStream } from './from-stream.js';
export { getApplicationDefault } from './get-application-default.js';
export type { AdcFileSystem } from './internal/adc-fs.js';
export { QUOTA_PROJECT_HEADER } from './internal/quota-project.js';
export { type SaveToWellKnownFileOptions, saveToWellKnownFile } from './save-to-well-known-file.js';
// Types only: the class extends @oauth2/crypt's, which is loaded only when a key file is used.
export type {
  ServiceAccountFileCredentials,
  ServiceAccountFileCredentialsOptions,
  ServiceAccountFileData,
} from './service-account-file-credentials.js';
