import { REDACTED } from '../internal/redact.js';

/**
 * Form fields whose values are secrets wherever they are sent: client authentication, codes,
 * verifiers, grants, assertions and tokens (RFC 6749, 7009, 7523, 7636, 8628, 8693).
 */
const SECRET_FORM_FIELDS = new Set([
  'client_secret',
  'code',
  'code_verifier',
  'device_code',
  'refresh_token',
  'assertion',
  'client_assertion',
  'token',
  'access_token',
  'id_token',
  'password',
  'subject_token',
  'actor_token',
]);

/** Shorter values are not scrubbed: they would redact ordinary words, and guess nothing. */
const MIN_SECRET_LENGTH = 4;

/**
 * The secrets one request carries: the values of secret fields in a form body (`code`,
 * `code_verifier`, `client_secret`, `device_code`, `refresh_token`, `assertion`...), every value
 * of the URL's query, and any `extra` values (the credential's own tokens).
 *
 * @example
 * const secrets = requestSecrets(tokenUri, body, [credentials.refreshToken]);
 */
export function requestSecrets(
  url: string | URL | undefined,
  body?: string | URLSearchParams | null | undefined,
  extra: readonly (string | null | undefined)[] = [],
): string[] {
  const out = new Set<string>();
  const add = (v: string | null | undefined) => {
    if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) out.add(v);
  };
  for (const v of extra) add(v);
  if (url !== undefined) {
    try {
      for (const [, v] of new URL(url).searchParams) add(v);
    } catch {
      // Not a URL: nothing to take from it.
    }
  }
  if (body !== undefined && body !== null) {
    const form = typeof body === 'string' ? new URLSearchParams(body) : body;
    for (const [k, v] of form) if (SECRET_FORM_FIELDS.has(k)) add(v);
  }
  return [...out];
}

/**
 * Every spelling a secret can take in text: raw, percent-encoded (either hex case),
 * form-encoded, form-decoded by a server that only turned `%XX` back (spaces left as `+`),
 * JSON-escaped, the encoded forms encoded once more, and every long run of unreserved characters.
 */
function spellings(secret: string): string[] {
  const form = new URLSearchParams({ x: secret }).toString().slice(2);
  const percent = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  const plusForSpace = secret.replace(/ /g, '+');
  const once = [secret, percent, lower(percent), form, lower(form), plusForSpace, json];
  // Runs of characters that no encoding changes (RFC 3986 unreserved), when long enough to be
  // the secret's substance: whatever a server does to the rest, these come through verbatim.
  const runs = secret.match(/[A-Za-z0-9._~-]{12,}/g) ?? [];
  // Once more for a server that quotes an encoded body inside a URL (`error_uri=...`).
  return [...new Set([...once, encodeURIComponent(percent), encodeURIComponent(form), ...runs])];
}

/**
 * `text` with every spelling of every secret replaced by `[redacted]`.
 *
 * @example
 * redactSecrets('bad code abc%2Fdef', ['abc/def']); // 'bad code [redacted]'
 */
export function redactSecrets(
  text: string,
  secrets: readonly (string | null | undefined)[],
): string {
  const all = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
    .flatMap(spellings)
    .sort((a, b) => b.length - a.length);
  let clean = text;
  for (const s of all) if (clean.includes(s)) clean = clean.split(s).join(REDACTED);
  return clean;
}

/**
 * Scrub `err` and its whole `.cause` chain in place: `message`, `stack` and every string-valued
 * own property (`errorDescription`, `error`, `errorUri`, `code`...) lose every spelling of every
 * secret. Used at the edge of every operation that sends a secret (adversarial Z1), so no
 * error, whatever produced it (the server's text, Node's, ours), carries what the request sent.
 *
 * @example
 * try { await send(); } catch (err) { throw scrubError(err, requestSecrets(url, body)); }
 */
export function scrubError<T>(err: T, secrets: readonly (string | null | undefined)[]): T {
  if (secrets.length === 0) return err;
  const seen = new Set<unknown>();
  let e: unknown = err;
  for (let i = 0; i < 16 && e !== null && typeof e === 'object' && !seen.has(e); i++) {
    seen.add(e);
    const record = e as Record<string, unknown>;
    for (const key of new Set([...Object.getOwnPropertyNames(e), 'message', 'stack'])) {
      let value: unknown;
      try {
        value = record[key];
      } catch {
        continue;
      }
      if (typeof value !== 'string') continue;
      const clean = redactSecrets(value, secrets);
      if (clean === value) continue;
      try {
        Object.defineProperty(e, key, { value: clean, writable: true, configurable: true });
      } catch {
        // A frozen error: nothing we can do, and nothing of ours made it.
      }
    }
    e = record.cause;
  }
  return err;
}

/**
 * Run `operation`; whatever it throws is scrubbed of `secrets` first (see {@link scrubError}).
 * A caller's own abort reason is rethrown untouched.
 */
export async function withScrubbedErrors<T>(
  secrets: readonly (string | null | undefined)[],
  operation: () => Promise<T>,
  signal?: AbortSignal | undefined,
): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (signal?.aborted && err === signal.reason) throw err;
    throw scrubError(err, secrets);
  }
}
