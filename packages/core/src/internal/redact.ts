/** What every secret looks like in logs, `util.inspect` and `JSON.stringify` (adversarial Z2). */
export const REDACTED = '[redacted]';

/** `util.inspect.custom`, without importing `node:util` at module load. */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** `[redacted]` for a present secret, the value itself (`null`/`undefined`) otherwise. */
export function redact(value: unknown): unknown {
  return value === null || value === undefined || value === '' ? value : REDACTED;
}
