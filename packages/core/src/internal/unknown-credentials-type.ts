/**
 * A Python dotted name of bounded length. `_module`/`_class` come from a file: anything else
 * (quotes, newlines, a secret pasted in the wrong place, megabytes) is never put in a message.
 */
const PYTHON_NAME = /^[A-Za-z_][\w.]{0,100}$/;

const CRYPT = 'call registerCryptCredentials() from @oauth2/crypt';
const GCE = 'call registerGceCredentials() from @oauth2/gce';

/** Which registration function teaches `newFromJson` a class, by canonical module (and class). */
function registrationFor(canonicalModule: string, className: string): string | undefined {
  if (canonicalModule === 'oauth2client.service_account') return CRYPT;
  if (canonicalModule === 'oauth2client.client' && className === 'SignedJwtAssertionCredentials') {
    return CRYPT;
  }
  if (canonicalModule === 'oauth2client.gce') return GCE;
  return undefined;
}

/**
 * The message of the `UnknownCredentialsTypeError` for a `_module`/`_class` pair with no loader:
 * the names only when they look like Python names, and what to call to register the class.
 *
 * @param canonicalModule - `module` with the `googleapiclient`/`contrib` spellings folded.
 */
export function unknownCredentialsTypeMessage(
  module: string,
  className: string,
  canonicalModule: string,
): string {
  const named =
    PYTHON_NAME.test(module) && PYTHON_NAME.test(className)
      ? `${module}.${className}`
      : 'an unrecognised _module/_class';
  const registration = registrationFor(canonicalModule, className);
  const hint = registration
    ? `${registration} once at start-up (importing the package registers nothing)`
    : `register a loader with Credentials.register(module, class, fromJson); for service accounts ${CRYPT}, for Compute Engine ${GCE}`;
  return `No credential class is registered for ${named}; ${hint}.`;
}
