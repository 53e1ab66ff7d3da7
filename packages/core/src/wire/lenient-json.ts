import { jsonNestingDepth, MAX_JSON_DEPTH, parseJson } from './parse-json.js';

/**
 * Parse JSON the way Python's `json.loads` does, which also accepts the bare literals `NaN`,
 * `Infinity` and `-Infinity` (Python's `json.dumps` writes them). They come back as numbers, so
 * a validator can name the field holding one instead of failing on the whole body.
 * Throws `SyntaxError` like `JSON.parse`, and for nesting deeper than `MAX_JSON_DEPTH`.
 */
export function parseJsonLenient(text: string): unknown {
  try {
    return parseJson(text);
  } catch (err) {
    if (!/NaN|Infinity/.test(text) || jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
      throw err;
  }
  const marks = new Map<string, number>();
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const literal = ['-Infinity', 'Infinity', 'NaN'].find((l) => text.startsWith(l, i));
    if (literal) {
      const mark = `\u0000lenient-${marks.size}`;
      marks.set(
        mark,
        literal === 'NaN' ? Number.NaN : literal === 'Infinity' ? Infinity : -Infinity,
      );
      out += JSON.stringify(mark);
      i += literal.length - 1;
      continue;
    }
    out += c;
  }
  return JSON.parse(out, (_k, v) => (typeof v === 'string' && marks.has(v) ? marks.get(v) : v));
}
