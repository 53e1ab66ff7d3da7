import {
  type Credentials,
  CredentialsCorruptError,
  type CredentialsRuntimeOptions,
  type OAuth2Credentials,
  OAuth2Error,
  parseJson,
  storedCredentialsFromJson,
} from '@oauth2/core';
import { CredentialSealer } from '@oauth2/core/seal';

/** How a column holds the credential: `jsonb` (or `json`) or `text`. */
export type CredentialColumnType = 'jsonb' | 'json' | 'text';

/** Options of {@link credentialsToColumn}. */
export interface ToColumnOptions {
  /** The column's type (default `jsonb`). Only matters when sealing: see {@link credentialsToColumn}. */
  columnType?: CredentialColumnType | undefined;
  /** Seal the JSON at rest (AES-256-GCM) with this sealer. */
  sealer?: CredentialSealer | undefined;
  /** What the sealed value is bound to (e.g. the row's key); give the same when reading. */
  context?: string | undefined;
}

/** Options of {@link credentialsFromColumn}. */
export interface FromColumnOptions {
  /** Opens sealed values; plain JSON is still read (so a table can be sealed gradually). */
  sealer?: CredentialSealer | undefined;
  /** The context the value was sealed with. */
  context?: string | undefined;
  /** Passed to the rebuilt credential (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
  /** Named in errors: which table/row held the value (never the value itself). */
  location?: string | undefined;
}

/**
 * The value to write into a `jsonb`, `json` or `text` column for `credentials`: exactly
 * `credentials.toJson()`, the JSON oauth2client writes (and `@oauth2/storage-file` stores). With a
 * `sealer` it is the sealed text, which a `text` column holds as is and a `jsonb`/`json` column
 * as a JSON string. Port of `django_orm.CredentialsField.get_prep_value` (without pickle).
 *
 * Pass the result as a query parameter (`$1`), never spliced into SQL.
 *
 * @example
 * await pool.query('UPDATE users SET google_credentials = $1 WHERE id = $2', [
 *   credentialsToColumn(credentials),
 *   userId,
 * ]);
 */
export function credentialsToColumn(
  credentials: Credentials,
  options: ToColumnOptions = {},
): string {
  const json = credentials.toJson();
  if (!options.sealer) return json;
  const sealed = options.sealer.seal(json, options.context ?? '');
  return options.columnType === 'text' ? sealed : JSON.stringify(sealed);
}

/**
 * Rebuild a credential from what a column holds: the text of a `text` column, or a `jsonb`/`json`
 * value as node-postgres returns it (a parsed object) or as `column::text`. `null`/`undefined`
 * give `undefined`. Sealed values need the `sealer`. Port of
 * `django_orm.CredentialsField.to_python`.
 *
 * @throws {CredentialsCorruptError} the value is not a credential (the reason is the core error's
 *   code, e.g. `unknown_credentials_type` for a class nobody registered), or a sealed value does
 *   not open (wrong key, wrong context, altered); the message names `location`, never the value.
 * @example
 * const { rows } = await pool.query('SELECT google_credentials FROM users WHERE id = $1', [userId]);
 * const credentials = credentialsFromColumn(rows[0]?.google_credentials);
 */
export function credentialsFromColumn(
  value: unknown,
  options: FromColumnOptions = {},
): OAuth2Credentials | undefined {
  if (value === null || value === undefined) return undefined;
  const where = options.location ?? 'a PostgreSQL column';
  const corrupt = (why: string) =>
    new CredentialsCorruptError(
      `The credential in ${where} is corrupt (${why}). It was left as it is; store the credential again.`,
      options.location === undefined ? {} : { location: options.location },
    );
  let json: string | object;
  if (typeof value === 'string') {
    let text = value;
    // A jsonb string read as `col::text` arrives quoted.
    if (text.startsWith('"')) {
      const inner = decode(() => parseJson(text), corrupt);
      if (typeof inner !== 'string') throw corrupt('not a credential');
      text = inner;
    }
    json = CredentialSealer.isSealed(text) ? unseal(text, options, where) : text;
  } else if (typeof value === 'object' && !ArrayBuffer.isView(value)) {
    json = value;
  } else {
    throw corrupt('not JSON text or a JSON object');
  }
  return decode(() => storedCredentialsFromJson(json, options.credentialsOptions ?? {}), corrupt);
}

function unseal(text: string, options: FromColumnOptions, where: string): string {
  if (!options.sealer) {
    throw new CredentialsCorruptError(
      `The credential in ${where} is sealed and no sealer was given. Pass the sealer (with the key that sealed it).`,
      options.location === undefined ? {} : { location: options.location },
    );
  }
  return options.sealer.unseal(text, options.context ?? '', where);
}

function decode<T>(fn: () => T, corrupt: (why: string) => CredentialsCorruptError): T {
  try {
    return fn();
  } catch (err) {
    // Only the code: a message or cause may quote stored content (a `_class` name...).
    throw corrupt(err instanceof OAuth2Error ? err.code : 'not a credential');
  }
}
