import { MetadataError } from '../errors.js';

// `default`, or a service account e-mail: a dot-separated local part (no empty label, so never
// `.` or `..`), `@`, and a dot-separated DNS name. Nothing that could change the metadata path.
const LABEL = '[A-Za-z0-9_+-]+';
const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ACCOUNT = new RegExp(
  `^(?:default|${LABEL}(?:\\.${LABEL})*@${DNS_LABEL}(?:\\.${DNS_LABEL})*)$`,
);

/**
 * Check a VM service-account name before it enters a metadata path
 * (`instance/service-accounts/{name}/token`): `default` or an e-mail address, at most 254
 * characters.
 *
 * @throws {MetadataError} `code: 'metadata_invalid_config'`; the message never quotes the name.
 */
export function checkServiceAccountName(account: string): string {
  if (typeof account !== 'string' || account.length > 254 || !ACCOUNT.test(account)) {
    throw new MetadataError(
      "A service account is 'default' or an e-mail address (name@project.iam.gserviceaccount.com); the name given is neither, so it was not put in a metadata path.",
      { code: 'metadata_invalid_config' },
    );
  }
  return account;
}
