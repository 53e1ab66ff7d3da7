/**
 * Python `json.dumps` default formatting ("PY-JSON"): separators `", "` and `": "`,
 * `ensure_ascii=True` (everything outside printable ASCII written as a lowercase `\uXXXX`,
 * DEL included), no trailing newline. Lets files we write match oauth2client's byte for byte.
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return asciiString(value);
    case 'object': {
      if (value instanceof Date) return asciiString(value.toISOString());
      if (Array.isArray(value)) return `[${value.map((v) => pyJsonDumps(v)).join(', ')}]`;
      if (value instanceof Set) return pyJsonDumps([...value]);
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        parts.push(`${asciiString(k)}: ${pyJsonDumps(v)}`);
      }
      return `{${parts.join(', ')}}`;
    }
    default:
      return 'null';
  }
}

function asciiString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
