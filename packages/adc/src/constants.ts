/** The environment variable naming an ADC file. */
export const GOOGLE_APPLICATION_CREDENTIALS = 'GOOGLE_APPLICATION_CREDENTIALS';

/** The gcloud well-known file name inside the gcloud config directory. */
export const WELL_KNOWN_FILE_NAME = 'application_default_credentials.json';

/** `type` of a user-credentials ADC file. */
export const AUTHORIZED_USER = 'authorized_user';

/** `type` of a service-account key file. */
export const SERVICE_ACCOUNT = 'service_account';

/** oauth2client's `ADC_HELP_MSG`, thrown when no source has credentials. */
export const ADC_HELP_MESSAGE =
  'The Application Default Credentials are not available. They are available if running in ' +
  'Google Compute Engine. Otherwise, the environment variable ' +
  GOOGLE_APPLICATION_CREDENTIALS +
  ' must be defined pointing to a file defining the credentials. See ' +
  'https://developers.google.com/accounts/docs/application-default-credentials for more information.';
