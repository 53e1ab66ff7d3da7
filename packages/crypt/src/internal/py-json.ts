/**
 * JSON as Python's `json.dumps(value, separators=(',', ':'))` writes it: compact, with every
 * non-ASCII UTF-16 code unit escaped as `\uXXXX` (`ensure_ascii=True`). Key order is insertion
 * order, as in CPython 3.7+. This is what makes our JWTs byte-identical to oauth2client's.
 */
export function pyCompactJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
