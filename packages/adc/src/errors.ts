/**
 * The errors @oauth2/adc throws itself are core's (`@oauth2/core/errors`); a credential found by
 * ADC throws its own package's errors when used (`MetadataError` on Compute Engine...). This is
 * the closed union of the codes ADC's own functions set, to switch on.
 *
 * @module
 */

/**
 * Every `code` an error thrown by the ADC functions carries:
 * - `application_default_credentials`: `ApplicationDefaultCredentialsError`, nothing found, or
 *   the chosen file or environment variable is invalid;
 * - `not_serializable`: `NotSerializableError`, the credentials have no ADC file form;
 * - `credentials_file_symlink`: `CredentialsFileSymbolicLinkError`, `saveToWellKnownFile`
 *   refused a symlink;
 * - `storage_write_failed`: `StorageWriteError`, `saveToWellKnownFile` could not write.
 */
export type AdcErrorCode =
  | 'application_default_credentials'
  | 'not_serializable'
  | 'credentials_file_symlink'
  | 'storage_write_failed';
