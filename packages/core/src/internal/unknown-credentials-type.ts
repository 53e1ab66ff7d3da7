/**
 * A Python dotted name of bounded length. `_module`/`_class` come from a file: anything else
 * (quotes, newlines, a secret pasted in the wrong place, megabytes) is never put in a message.
 */
const PYTHON_NAME = /^[A-Za-z_][\w.]{0,100}$/;

/** Where the classes of oauth2client's known names live, by canonical module and class. */
function registrationFor(canonicalModule: string, className: string): string | undefined {
  const from = (cls: string, pkg: string) =>
    `call Credentials.register(${cls}) with ${cls} from ${pkg}`;
  if (canonicalModule === 'oauth2client.service_account') {
    const cls = className === '_JWTAccessCredentials' ? 'JwtAccessCredentials' : className;
    return from(PYTHON_NAME.test(cls) ? cls : 'ServiceAccountCredentials', '@oauth2/crypt');
  }
  if (canonicalModule === 'oauth2client.client') {
    if (className === 'SignedJwtAssertionCredentials') return from(className, '@oauth2/crypt');
    if (CORE_CLASSES.has(className)) return from(className, '@oauth2/core');
  }
  if (canonicalModule === 'oauth2client.gce') return from('AppAssertionCredentials', '@oauth2/gce');
  return undefined;
}

const CORE_CLASSES = new Set(['OAuth2Credentials', 'AccessTokenCredentials', 'GoogleCredentials']);

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
    ? `${registration} once at start-up (importing a package registers nothing)`
    : 'call Credentials.register(YourClass) with the class that reads it (its static jsonModule, jsonClass and fromJson)';
  return `No credential class is registered for ${named}; ${hint}.`;
}
