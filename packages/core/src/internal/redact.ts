/** What every secret looks like in logs, `util.inspect` and `JSON.stringify` (adversarial Z2). */
export const REDACTED = '[redacted]';

/** `util.inspect.custom`, without importing `node:util` at module load. */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/**
 * Make `util.inspect` (and `console.log`) show `view()` instead of `target`'s own fields, after
 * `label` when given (as Node prints a class name). Non-enumerable: JSON and equality ignore it.
 */
export function inspectAs<T extends object>(target: T, view: () => unknown, label?: string): T {
  Object.defineProperty(target, inspectCustom, {
    enumerable: false,
    configurable: true,
    value: (_depth: number, options: object, inspect: (v: unknown, o: object) => string) => {
      const shown = inspect(view(), options);
      return label === undefined ? shown : `${label} ${shown}`;
    },
  });
  return target;
}

/** `[redacted]` for a present secret, the value itself (`null`/`undefined`) otherwise. */
export function redact(value: unknown): unknown {
  return value === null || value === undefined || value === '' ? value : REDACTED;
}
