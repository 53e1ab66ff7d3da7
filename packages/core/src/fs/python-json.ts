/** Options for {@link pythonJsonDumps}, named after Python's `json.dumps` arguments. */
export interface PythonJsonOptions {
  /** Indent nested values by this many spaces; item separator becomes `','` (default: none). */
  indent?: number;
  /**
   * `[item, key]` separators, as Python's `separators` (default `[', ', ': ']`, or `[',', ': ']`
   * with `indent`). `[',', ':']` is the compact form oauth2client signs JWT payloads in.
   */
  separators?: readonly [item: string, key: string];
  /** Sort object keys by code point at every level (default `false`: insertion order). */
  sortKeys?: boolean;
  /**
   * Write NaN and ±Infinity as the bare literals `NaN`, `Infinity`, `-Infinity`, as Python does by
   * default (`allow_nan=True`); the output is then not strict JSON. Default `false`: throw.
   */
  allowNan?: boolean;
}

/**
 * Serialize like Python's `json.dumps(value, indent=..., sort_keys=...)` with `ensure_ascii=True`
 * (non-ASCII and DEL written as lowercase `\uXXXX`), so files written here are byte-identical to
 * the ones oauth2client writes. Without `indent` the separators are `', '` and `': '`; with it,
 * `','` and `': '` (what oauth2client passes); `separators` overrides them as in Python (JWT
 * payloads use `[',', ':']`). Sorting compares code points, as Python does, and
 * keeps integer-like keys in string order (a plain `JSON.stringify` would move them first).
 *
 * Limits: JSON parsed in JavaScript has no int/float distinction, so an integral float that
 * Python wrote as `1.0` comes back as `1`; other floats follow Python's `repr` layout. As with
 * `JSON.stringify`, an object with a `toJSON()` method (a `Date`) is written as what it returns
 * and `undefined` object values are left out.
 *
 * @throws {TypeError} a value JSON cannot represent (a function, a bigint; NaN and Infinity
 *   unless `allowNan`).
 * @example
 * pythonJsonDumps({ b: 1, a: [] }, { indent: 2, sortKeys: true });
 * // '{\n  "a": [],\n  "b": 1\n}'
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  const indent = options.indent === undefined ? undefined : ' '.repeat(options.indent);
  const [item, key] = options.separators ?? [indent === undefined ? ', ' : ',', ': '];
  const layout: Layout = {
    indent,
    item,
    key,
    sortKeys: options.sortKeys ?? false,
    allowNan: options.allowNan ?? false,
  };
  // Fast path: JSON.stringify lays out exactly like Python with an indent (',' and ': ') or
  // compact (',' and ':') once keys are in order and non-ASCII is escaped; values it would write
  // differently send us the slow way. (An indent of 0 is no indent to JSON.stringify.)
  const fast =
    indent === undefined
      ? item === ',' && key === ':'
      : indent !== '' && item === ',' && key === ': ';
  if (fast) {
    const prepared = prepare(value, layout.sortKeys);
    if (prepared !== UNSUPPORTED) {
      return escapeNonAscii(JSON.stringify(prepared, null, layout.indent));
    }
  }
  return dump(value, layout, '');
}

interface Layout {
  indent: string | undefined;
  /** Item and key separators. */
  item: string;
  key: string;
  sortKeys: boolean;
  allowNan: boolean;
}

const UNSUPPORTED = Symbol('unsupported');
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/**
 * `value` arranged so that JSON.stringify writes it as Python would (the same object when it
 * already is: parsed files are usually in order), or UNSUPPORTED: integer-like keys (JavaScript
 * objects enumerate them first), floats Python writes in exponent form, `toJSON()` objects,
 * non-JSON types.
 */
function prepare(value: unknown, sortKeys: boolean): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return UNSUPPORTED;
    if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? value : UNSUPPORTED;
    return Math.abs(value) < 1e-4 ? UNSUPPORTED : value;
  }
  if (typeof value !== 'object') return UNSUPPORTED;
  // toJSON() may return what JSON.stringify would lay out differently: dump() handles it.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNSUPPORTED;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const p = prepare(item ?? null, sortKeys);
      if (p === UNSUPPORTED) return UNSUPPORTED;
      if (p !== item && out === undefined) out = value.slice(0, i);
      out?.push(p);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let changed = false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const first = k.charCodeAt(0);
    if (first >= 48 && first <= 57 && ARRAY_INDEX.test(k)) return UNSUPPORTED;
    if (record[k] === undefined) changed = true;
    if (sortKeys && i > 0 && compareCodePoints(keys[i - 1] as string, k) > 0) changed = true;
  }
  if (sortKeys && changed) keys.sort(compareCodePoints);
  const prepared: [string, unknown][] = [];
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    const p = prepare(v, sortKeys);
    if (p === UNSUPPORTED) return UNSUPPORTED;
    if (p !== v) changed = true;
    prepared.push([k, p]);
  }
  return changed ? Object.fromEntries(prepared) : value;
}

const NON_ASCII = /[\u007f-\uffff]/;

function escapeNonAscii(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function dump(value: unknown, layout: Layout, pad: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatNumber(value, layout.allowNan);
    case 'string':
      return quote(value);
    case 'object':
      break;
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return dump((value as { toJSON: () => unknown }).toJSON(), layout, pad);
  }
  const { indent, sortKeys } = layout;
  const inner = indent === undefined ? '' : pad + indent;
  const open = indent === undefined ? '' : `\n${inner}`;
  const close = indent === undefined ? '' : `\n${pad}`;
  const separator = indent === undefined ? layout.item : `${layout.item}\n${inner}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => dump(item ?? null, layout, inner));
    return `[${open}${items.join(separator)}${close}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  if (sortKeys) keys.sort(compareCodePoints);
  if (keys.length === 0) return '{}';
  const items = keys.map((k) => `${quote(k)}${layout.key}${dump(record[k], layout, inner)}`);
  return `{${open}${items.join(separator)}${close}}`;
}

/**
 * Python compares strings by code point; JavaScript's `<` compares UTF-16 units, which differs
 * only where a surrogate (an astral character) meets U+E000..U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      const xSurrogate = x <= 0xdfff;
      if (xSurrogate !== y <= 0xdfff) return xSurrogate ? 1 : -1;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** `JSON.stringify` escaping plus Python's `ensure_ascii` for everything outside ' '..'~'. */
function quote(s: string): string {
  return escapeNonAscii(JSON.stringify(s));
}

/** Python's `repr(float)` layout for non-integers; integers print in full. */
function formatNumber(n: number, allowNan: boolean): string {
  if (!Number.isFinite(n)) {
    if (allowNan) return String(n);
    throw new TypeError(`Out of range float values are not JSON compliant: ${n}`);
  }
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
