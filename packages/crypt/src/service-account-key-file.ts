import {
  type CredentialFieldIssue,
  type CredentialsRuntimeOptions,
  GOOGLE_REVOKE_URI,
  GOOGLE_TOKEN_URI,
  OAuth2Error,
  parseServiceAccountKey,
  type ServiceAccountKey,
} from '@oauth2/core';
import { readCredentialFile } from '@oauth2/core/fs';
import { CryptoUnavailableError, InvalidKeyError, type ServiceAccountKeyError } from './errors.js';
import {
  type JsonSource,
  jsonObject,
  keyFileError,
  optionalObject,
  optionalString,
  requiredString,
  sourceError,
} from './internal/json-fields.js';
import { PKCS12_CONVERSION_COMMAND } from './internal/keys.js';
import type {
  ServiceAccountCredentialsOptions,
  ServiceAccountFactoryOptions,
} from './service-account-options.js';
import { Signer } from './signer.js';

/** Largest key file read: real ones are about 2.3 KB. */
const MAX_KEYFILE_BYTES = 64 * 1024;

const PROBLEMS: Record<CredentialFieldIssue['problem'], string> = {
  missing: 'is missing',
  not_string: 'is not a string',
  not_http_url: 'is not an http(s) URL',
  wrong_value: 'has an unexpected value',
};

/** Read a key file through core's one reader (no FIFO or device, a size cap, ssh's mode rule). */
async function readKeyfileText(keyfile: string): Promise<string> {
  try {
    const bytes = await readCredentialFile(keyfile, {
      followSymlinks: true,
      maxBytes: MAX_KEYFILE_BYTES,
      requirePrivate: true,
    });
    if (bytes === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return bytes.toString('utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why =
      err instanceof OAuth2Error && !/^E[A-Z]+$/.test(err.code)
        ? `: ${err.message}`
        : typeof code === 'string'
          ? ` (${code}).`
          : '.';
    throw sourceError(
      { where: keyfile, file: keyfile },
      `Cannot read the service account key file ${keyfile}${why}`,
    );
  }
}

/** The error for the first problem core's key parser found; it names the field, never a value. */
function issueError(
  issue: CredentialFieldIssue,
  data: Record<string, unknown>,
  source: JsonSource,
): ServiceAccountKeyError {
  if (issue.field !== 'type') {
    return keyFileError(source, `Field "${issue.field}" ${PROBLEMS[issue.problem]}`);
  }
  const shown =
    typeof data.type === 'string' && /^[a-z_]{1,40}$/.test(data.type)
      ? `"${data.type}"`
      : 'missing or invalid';
  return sourceError(
    source,
    `Unexpected credentials type ${shown} in ${source.where}; expected "service_account".`,
  );
}

/**
 * Read (when given a path) and validate a service-account key file with core's one key parser
 * (`parseServiceAccountKey`, which `@oauth2/adc` uses too).
 * @throws {ServiceAccountKeyError} unreadable, too large, not a JSON object, not
 *   `service_account`, or a field missing or of the wrong type (named; never its value).
 */
export async function loadKeyfile(
  keyfile: string | Record<string, unknown>,
): Promise<{ key: ServiceAccountKey; source: JsonSource }> {
  const source: JsonSource =
    typeof keyfile === 'string'
      ? { where: keyfile, file: keyfile }
      : { where: 'service account key object' };
  const data = jsonObject(
    typeof keyfile === 'string' ? await readKeyfileText(keyfile) : keyfile,
    source,
  );
  const parsed = parseServiceAccountKey(data);
  if (!parsed.ok) throw issueError(parsed.issues[0] as CredentialFieldIssue, data, source);
  return { key: parsed.key, source };
}

/**
 * A signer for a key file's `private_key`.
 * @throws {ServiceAccountKeyError} the key is not usable (the reason, never the key).
 * @throws {CryptoUnavailableError} the key is PKCS#12.
 */
export function keyfileSigner(pem: string, source: JsonSource): Signer {
  try {
    return Signer.fromString(pem);
  } catch (err) {
    if (err instanceof CryptoUnavailableError) throw err;
    const reason = err instanceof InvalidKeyError ? err.message : 'it could not be parsed.';
    throw sourceError(source, `The private_key in ${source.where} is not usable: ${reason}`);
  }
}

/**
 * Constructor options from a key file (a path or its parsed JSON), as `fromJsonKeyfile` builds.
 * @throws {ServiceAccountKeyError} see {@link loadKeyfile} and {@link keyfileSigner}.
 */
export async function keyfileOptions(
  keyfile: string | Record<string, unknown>,
  options: ServiceAccountFactoryOptions,
): Promise<ServiceAccountCredentialsOptions> {
  const { key, source } = await loadKeyfile(keyfile);
  const { scopes, tokenUri, revokeUri, ...runtime } = options;
  return {
    ...runtime,
    serviceAccountEmail: key.clientEmail,
    signer: keyfileSigner(key.privateKey, source),
    privateKeyPkcs8Pem: key.privateKey,
    privateKeyId: key.privateKeyId,
    clientId: key.clientId,
    scopes: scopes ?? '',
    tokenUri: tokenUri ?? key.tokenUri ?? GOOGLE_TOKEN_URI,
    revokeUri: revokeUri ?? key.revokeUri ?? GOOGLE_REVOKE_URI,
  };
}

/** The 4.1.3 serialized fields, as constructor options (spec §1.8 `from_json`). */
export function readServiceAccountJson(
  data: Record<string, unknown>,
  source: JsonSource,
): Omit<ServiceAccountCredentialsOptions, keyof CredentialsRuntimeOptions> {
  if (data._private_key_pkcs12 !== undefined && data._private_key_pkcs12 !== null) {
    throw new CryptoUnavailableError(
      `${source.where} holds a PKCS#12 key, which is not supported. Convert the .p12 file to PEM (${PKCS12_CONVERSION_COMMAND}) and load it with ServiceAccountCredentials.fromPem.`,
    );
  }
  const pem = requiredString(data, '_private_key_pkcs8_pem', source);
  return {
    serviceAccountEmail: requiredString(data, '_service_account_email', source),
    signer: keyfileSigner(pem, source),
    privateKeyPkcs8Pem: pem,
    scopes: optionalString(data, '_scopes', source) ?? '',
    privateKeyId: optionalString(data, '_private_key_id', source),
    clientId: optionalString(data, 'client_id', source),
    userAgent: optionalString(data, '_user_agent', source),
    tokenUri: optionalString(data, 'token_uri', source) ?? GOOGLE_TOKEN_URI,
    revokeUri: optionalString(data, 'revoke_uri', source) ?? GOOGLE_REVOKE_URI,
    additionalClaims: optionalObject(data, '_kwargs', source),
  };
}
