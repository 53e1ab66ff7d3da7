/** Options for {@link pythonJsonDumps}, named after Python's `json.dumps` arguments. */
export interface PythonJsonOptions {
  /** Indent nested values by this many spaces; item separator becomes `','` (default: none). */
  indent?: number;
  /** Sort object keys by code point at every level (default `false`: insertion order). */
  sortKeys?: boolean;
}

/**
 * Serialize like Python's `json.dumps(value, indent=..., sort_keys=...)` with `ensure_ascii=True`
 * (non-ASCII and DEL written as lowercase `\uXXXX`), so files written here are byte-identical to
 * the ones oauth2client writes. Without `indent` the separators are `', '` and `': '`; with it,
 * `','` and `': '` (what oauth2client passes). Sorting compares code points, as Python does, and
 * keeps integer-like keys in string order (a plain `JSON.stringify` would move them first).
 *
 * Limits: JSON parsed in JavaScript has no int/float distinction, so an integral float that
 * Python wrote as `1.0` comes back as `1`; other floats follow Python's `repr` layout.
 *
 * @throws {TypeError} a value JSON cannot represent (NaN, Infinity, a function, a bigint).
 * @example
 * pythonJsonDumps({ b: 1, a: [] }, { indent: 2, sortKeys: true });
 * // '{\n  "a": [],\n  "b": 1\n}'
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  const indent = options.indent === undefined ? undefined : ' '.repeat(options.indent);
  return dump(value, indent, options.sortKeys ?? false, '');
}

function dump(value: unknown, indent: string | undefined, sortKeys: boolean, pad: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatNumber(value);
    case 'string':
      return quote(value);
    case 'object':
      break;
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
  const inner = indent === undefined ? '' : pad + indent;
  const open = indent === undefined ? '' : `\n${inner}`;
  const close = indent === undefined ? '' : `\n${pad}`;
  const separator = indent === undefined ? ', ' : `,\n${inner}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => dump(item ?? null, indent, sortKeys, inner));
    return `[${open}${items.join(separator)}${close}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  if (sortKeys) keys.sort(compareCodePoints);
  if (keys.length === 0) return '{}';
  const items = keys.map((k) => `${quote(k)}: ${dump(record[k], indent, sortKeys, inner)}`);
  return `{${open}${items.join(separator)}${close}}`;
}

/** Python compares strings by code point; JavaScript's default sort uses UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** `JSON.stringify` escaping plus Python's `ensure_ascii` for everything outside ' '..'~'. */
function quote(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Python's `repr(float)` layout for non-integers; integers print in full. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n))
    throw new TypeError(`Out of range float values are not JSON compliant: ${n}`);
  if (Number.isInteger(n)) return BigInt(n).toString();
  // Shortest round-trip digits, then Python's rule: scientific when exp < -4 or exp >= 16.
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}
