/**
 * How deep a JSON document the library accepts (credential files, token responses, client
 * secrets, store files). Real ones nest 3-4 levels; the limit only has to stop documents built to
 * overflow a recursive walk (zod, `JSON.stringify`, our own serializers).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of objects and arrays in `text`, counted without recursion and without
 * parsing (brackets inside strings are skipped). Stops counting once `limit` is passed.
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return max;
}

/**
 * Whether `text` is long enough to hold valid JSON nested deeper than `maxDepth` (each level takes
 * an opening and a closing bracket), so that short documents, such as a JWT header, skip the scan.
 * A shorter text that opens more brackets is malformed and `JSON.parse` refuses it.
 */
export function mayNestDeeper(text: string, maxDepth: number): boolean {
  return text.length >= 2 * (maxDepth + 1);
}

/**
 * `JSON.parse` with a nesting limit: a document nested deeper than `maxDepth` throws a
 * `SyntaxError` before it is parsed, so nothing recursive downstream can overflow the stack.
 * Callers turn the `SyntaxError` into their own typed error, as for any malformed JSON. The
 * message never quotes the input.
 *
 * @throws {SyntaxError} on malformed JSON or nesting deeper than `maxDepth`.
 * @example
 * const data = parseJson(await readFile(path, 'utf8')); // instead of JSON.parse
 */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (mayNestDeeper(text, maxDepth) && jsonNestingDepth(text, maxDepth) > maxDepth) {
    throw new SyntaxError(`JSON nested deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message can quote the input (a secret, a file's bytes).
    throw new SyntaxError('malformed JSON');
  }
}

/** Whether a parsed JSON value is an object (not `null`, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
