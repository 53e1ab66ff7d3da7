/** A table name: `'name'`, `'schema.name'`, or `['schema', 'name']` (names holding a dot). */
export type TableName = string | readonly [schema: string, name: string];

const MAX_IDENTIFIER_BYTES = 63;

/**
 * Quote one SQL identifier: wrapped in double quotes, inner quotes doubled, so any text (a
 * semicolon, a quote, a space) stays one name. Empty, NUL-holding and over-long names (PostgreSQL
 * would silently truncate them to 63 bytes) are refused.
 */
export function quoteIdentifier(name: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('A PostgreSQL identifier must be a non-empty string.');
  }
  if (name.includes('\0')) throw new TypeError('A PostgreSQL identifier cannot contain NUL.');
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new TypeError(
      `A PostgreSQL identifier is at most ${MAX_IDENTIFIER_BYTES} bytes (longer ones are truncated by the server).`,
    );
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a possibly schema-qualified table name. */
export function quoteTable(table: TableName): string {
  if (typeof table !== 'string') {
    if (table.length !== 2) throw new TypeError('A table name array is [schema, name].');
    return `${quoteIdentifier(table[0])}.${quoteIdentifier(table[1])}`;
  }
  const dot = table.indexOf('.');
  if (dot === -1) return quoteIdentifier(table);
  return `${quoteIdentifier(table.slice(0, dot))}.${quoteIdentifier(table.slice(dot + 1))}`;
}
