import { CredentialsCorruptError } from '../errors.js';
import { isJsonObject, jsonNestingDepth, MAX_JSON_DEPTH, mayNestDeeper } from './parse-json.js';

/**
 * Why a text is not a JSON object. `malformed` carries the character position when the parser
 * gave one (a number only: the parser's own message can quote the input).
 */
export type JsonObjectProblem =
  | { kind: 'too_deep'; maxDepth: number }
  | { kind: 'malformed'; position?: number }
  | { kind: 'not_object' };

/** The default failure: a stored credential that is not a JSON object. */
function corruptCredential(problem: JsonObjectProblem): Error {
  return new CredentialsCorruptError(
    problem.kind === 'not_object'
      ? 'Credential JSON is not a JSON object; store the credential again.'
      : `Credential JSON is not valid JSON (or nests deeper than ${MAX_JSON_DEPTH} levels); store the credential again.`,
  );
}

/**
 * Read a JSON object (text, UTF-8 bytes, or an already-parsed value) from a file, a store or a
 * server: the one reader every package uses. Nesting is limited to {@link MAX_JSON_DEPTH} before
 * parsing; arrays, `null` and scalars are refused. `fail` turns a problem into the caller's typed
 * error (by default a `CredentialsCorruptError`); no message ever quotes the input.
 *
 * @throws {Error} whatever `fail` returns, when the input is not a JSON object.
 * @example
 * const data = parseJsonObject(text, (p) => new MyFileError(`not a JSON object (${p.kind})`));
 */
export function parseJsonObject(
  json: string | Uint8Array | object,
  fail: (problem: JsonObjectProblem) => Error = corruptCredential,
): Record<string, unknown> {
  let data: unknown = json;
  if (typeof json === 'string' || json instanceof Uint8Array) {
    const text = typeof json === 'string' ? json : Buffer.from(json).toString('utf8');
    if (
      mayNestDeeper(text, MAX_JSON_DEPTH) &&
      jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH
    ) {
      throw fail({ kind: 'too_deep', maxDepth: MAX_JSON_DEPTH });
    }
    try {
      data = JSON.parse(text);
    } catch (err) {
      const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
      throw fail(at ? { kind: 'malformed', position: Number(at[1]) } : { kind: 'malformed' });
    }
  }
  if (!isJsonObject(data)) throw fail({ kind: 'not_object' });
  return data;
}
