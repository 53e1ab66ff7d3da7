import { OAuth2Credentials } from '@oauth2/core';
import { type CanaryCredentialFields, canaryCredentialFields } from '@oauth2/test-kit';

/** A credential whose secrets all carry canaries. */
export function makeCredentials(
  overrides: Partial<CanaryCredentialFields> = {},
): OAuth2Credentials {
  return new OAuth2Credentials(canaryCredentialFields(overrides));
}
