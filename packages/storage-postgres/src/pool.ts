/** The part of a query result the storages read. */
export interface PgQueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/**
 * The part of a `pg.PoolClient` the storages use: a checked-out connection. Its lock and
 * transaction live on it, and it goes back with `release()` on every path (`release(err)` drops a
 * broken one).
 */
export interface PgClientLike {
  // biome-ignore lint/suspicious/noExplicitAny: pg's own signature (values are `any[]` there)
  query(text: string, values?: any[]): Promise<PgQueryResult | PgQueryResult[]>;
  release(err?: Error | boolean): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * The part of a `pg.Pool` the storages use: a `pg.Pool` fits, and so does anything with its
 * `query`/`connect` shape. You create it (and end it); the storages never do. Give it an
 * `on('error', ...)` handler, as node-postgres asks: an idle client whose server restarts emits
 * one, and an unhandled `'error'` event ends the process.
 */
export interface PgPoolLike {
  // biome-ignore lint/suspicious/noExplicitAny: pg's own signature (values are `any[]` there)
  query(text: string, values?: any[]): Promise<PgQueryResult>;
  connect(): Promise<PgClientLike>;
}
