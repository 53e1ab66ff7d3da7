import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';

/** The marker planted in every secret used by tests (adversarial.md Z1). */
export const CANARY_PREFIX = 'CANARY-';

/** A fresh secret-looking value containing a canary, e.g. `ya29.CANARY-<uuid>`. */
export function canary(label = ''): string {
  return `${label}${CANARY_PREFIX}${randomUUID()}`;
}

/**
 * Every rendering of `value` a user might see: message, stack, `util.inspect`, `JSON.stringify`,
 * `String()`. Used to prove that secrets never leak.
 */
export function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 10, showHidden: false }), String(value)];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // circular structures cannot leak through JSON.stringify
  }
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? '', inspect(value.cause, { depth: 10 }));
  }
  return out;
}

/** Throw if any rendering of `value` contains a canary. Returns the renderings checked. */
export function assertNoCanary(value: unknown, where = 'value'): string[] {
  const all = renderings(value);
  for (const text of all) {
    const at = text.indexOf(CANARY_PREFIX);
    if (at !== -1) {
      throw new Error(
        `A canary secret leaked into ${where}: …${text.slice(Math.max(0, at - 40), at + 10)}…`,
      );
    }
  }
  return all;
}
