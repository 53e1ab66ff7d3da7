import { InvalidClientSecretsError, OAuth2Error } from './errors.js';
import { readCredentialFile } from './fs/safe-read.js';
import { inspectAs, REDACTED } from './internal/redact.js';
import { parseJson } from './wire/parse-json.js';
import { sanitizeText } from './wire/safe-text.js';

/** The two client types a `client_secrets.json` file can declare. */
export type ClientType = 'web' | 'installed';

/** The client info of a `client_secrets.json` file, with its wire (snake_case) names. */
export interface ClientSecretsInfo {
  client_id: string;
  /** Present in every valid file; `null` is accepted as "no secret" (public client). */
  client_secret: string | null;
  redirect_uris: string[] | null;
  auth_uri: string;
  token_uri: string;
  revoke_uri?: string;
  /** Any other property (`javascript_origins`, `client_email`...) is kept as is. */
  [property: string]: unknown;
}

/** A parsed `client_secrets.json`: the client type and its info. */
export interface ClientSecrets {
  type: ClientType;
  info: ClientSecretsInfo;
}

/**
 * A cache for {@link loadClientSecrets}, shaped like oauth2client's (`get`/`set` with a
 * namespace). Methods may be synchronous or return promises.
 */
export interface ClientSecretsCache {
  get(key: string, namespace: string): unknown;
  set(key: string, value: unknown, namespace: string): unknown;
}

/** The cache namespace oauth2client used, kept so shared caches interoperate. */
export const CLIENT_SECRETS_CACHE_NAMESPACE = 'oauth2client:secrets#ns';

/** Where the file format is explained: the "Client secrets" section of this package's README. */
export const CLIENT_SECRETS_HELP_URL = 'https://www.npmjs.com/package/@oauth2/core#client-secrets';
const FORMAT_HELP = `Invalid file format. See ${CLIENT_SECRETS_HELP_URL}`;
/** Checked in this order; the first missing one is reported (oauth2client §4). */
const REQUIRED = ['client_id', 'client_secret', 'redirect_uris', 'auth_uri', 'token_uri'] as const;
/** Properties that must not hold a `[[...]]` template placeholder. */
const STRINGS = ['client_id', 'client_secret'] as const;

const isString = (v: unknown): boolean => typeof v === 'string';
const isStringList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');
/** Field types, checked by hand (a schema library would be loaded for six fields). */
const FIELD_CHECKS: [field: string, check: (value: unknown) => boolean, why: string][] = [
  ['client_id', isString, 'must be a string'],
  ['client_secret', (v) => v === null || isString(v), 'must be a string'],
  ['redirect_uris', (v) => v === null || isStringList(v), 'must be a list of strings'],
  ['auth_uri', isString, 'must be a string'],
  ['token_uri', isString, 'must be a string'],
  ['revoke_uri', (v) => v === undefined || isString(v), 'must be a string'],
];

/**
 * Validate the decoded JSON of a `client_secrets.json` file and return its client type and info.
 * The messages are oauth2client's (`Invalid file format...`, `Unknown client type: foo.`,
 * `Missing property "client_id" in a client type of "web".`, `Property "client_id" is not
 * configured.`), followed by the file name when `source` is given; they never quote values.
 *
 * @param json - the decoded JSON value.
 * @param options.source - the file the JSON came from, named in error messages.
 * @throws {InvalidClientSecretsError} the JSON is not a valid client secrets object.
 * @example
 * const { type, info } = parseClientSecrets(parseJson(text));
 * console.log(type, info.client_id);
 */
export function parseClientSecrets(
  json: unknown,
  options: { source?: string } = {},
): ClientSecrets {
  const fail = (message: string): never => {
    throw new InvalidClientSecretsError(withSource(message, options.source));
  };
  if (json === null || json === undefined) return fail(FORMAT_HELP);
  if (typeof json !== 'object' || Array.isArray(json) || Object.keys(json).length !== 1) {
    return fail(
      `${FORMAT_HELP} Expected a JSON object with a single property for a "web" or "installed" application`,
    );
  }
  const [type, info] = Object.entries(json)[0] as [string, unknown];
  if (type !== 'web' && type !== 'installed') {
    return fail(`Unknown client type: ${sanitizeText(type, { maxLength: 64 })}.`);
  }
  if (info === null || typeof info !== 'object' || Array.isArray(info)) {
    return fail(`${FORMAT_HELP} The "${type}" property must be a JSON object.`);
  }
  const record = info as Record<string, unknown>;
  for (const prop of REQUIRED) {
    if (!(prop in record)) return fail(`Missing property "${prop}" in a client type of "${type}".`);
  }
  for (const [field, check, why] of FIELD_CHECKS) {
    const value = Object.hasOwn(record, field) ? record[field] : undefined;
    if (!check(value)) return fail(`Property "${field}" ${why}.`);
  }
  for (const prop of STRINGS) {
    const value = record[prop];
    if (typeof value === 'string' && value.startsWith('[[')) {
      return fail(`Property "${prop}" is not configured.`);
    }
  }
  return redactedView({ type, info: { ...record } as ClientSecretsInfo });
}

/**
 * Read and validate a `client_secrets.json` file. With a `cache`, a hit is returned as cached
 * (not re-validated, as in oauth2client) and a miss stores `{ [type]: info }` under
 * {@link CLIENT_SECRETS_CACHE_NAMESPACE}.
 *
 * @param path - the file to read.
 * @param options.cache - an optional cache keyed by `path`.
 * @throws {InvalidClientSecretsError} the file is missing (`File not found: "<path>"`), cannot be
 *   read, is not JSON, or fails {@link parseClientSecrets}.
 * @example
 * const { type, info } = await loadClientSecrets('client_secrets.json');
 */
export async function loadClientSecrets(
  path: string,
  options: { cache?: ClientSecretsCache | undefined } = {},
): Promise<ClientSecrets> {
  const { cache } = options;
  if (cache) {
    const hit = await cache.get(path, CLIENT_SECRETS_CACHE_NAMESPACE);
    if (hit !== null && typeof hit === 'object' && Object.keys(hit).length === 1) {
      const [type, info] = Object.entries(hit)[0] as [ClientType, ClientSecretsInfo];
      return redactedView({ type, info });
    }
  }
  const secrets = parseClientSecrets(await readJson(path), { source: path });
  if (cache) {
    await cache.set(path, { [secrets.type]: { ...secrets.info } }, CLIENT_SECRETS_CACHE_NAMESPACE);
  }
  return secrets;
}

/** No real client secrets file comes near this. */
const MAX_CLIENT_SECRETS_BYTES = 1024 * 1024;

async function readJson(path: string): Promise<unknown> {
  let bytes: Buffer | undefined;
  try {
    // The one reader: a FIFO or a device fails fast, a huge file is refused, a link is followed
    // (people link their config).
    bytes = await readCredentialFile(path, {
      followSymlinks: true,
      maxBytes: MAX_CLIENT_SECRETS_BYTES,
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    // A system code says it all; our own typed errors (a FIFO, a directory, too large) explain.
    const why =
      err instanceof OAuth2Error && !/^E[A-Z]+$/.test(err.code)
        ? ` ${err.message}`
        : typeof code === 'string'
          ? ` (${code})`
          : '';
    const message = `Error opening file "${path}"${why}`;
    throw new InvalidClientSecretsError(message.endsWith('.') ? message : `${message}.`, {
      cause: err,
    });
  }
  if (bytes === undefined) throw new InvalidClientSecretsError(`File not found: "${path}"`);
  try {
    return parseJson(bytes.toString('utf8'));
  } catch {
    // No cause: a parse error must not carry the file's bytes.
    throw new InvalidClientSecretsError(`${FORMAT_HELP} The file "${path}" is not valid JSON.`);
  }
}

function withSource(message: string, source: string | undefined): string {
  return source === undefined ? message : `${message} (file: "${source}")`;
}

/** Attach a non-enumerable `util.inspect` view that hides the client secret. */
function redactedView(secrets: ClientSecrets): ClientSecrets {
  return inspectAs(secrets, () => ({
    type: secrets.type,
    info: {
      ...secrets.info,
      ...(secrets.info.client_secret ? { client_secret: REDACTED } : {}),
    },
  }));
}
