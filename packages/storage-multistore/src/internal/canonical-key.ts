import { MultistoreKeyError } from '../errors.js';
import type { MultistoreKey } from '../multistore-key.js';

/** Python compares strings by code point (JavaScript's `<` compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Whether `value` is a usable key (what a file entry must hold to be addressable). */
export function isMultistoreKey(value: unknown): value is MultistoreKey {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length > 0 &&
    entries.every(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
  );
}

/**
 * The canonical form of a key: its entries sorted by name (oauth2client's `dict_to_tuple_key`),
 * so that `{a, b}` and `{b, a}` address the same entry.
 *
 * @throws {MultistoreKeyError} the key is empty or holds a non-primitive value.
 */
export function canonicalKey(key: MultistoreKey): string {
  if (!isMultistoreKey(key)) {
    throw new MultistoreKeyError(
      'A multistore key must be a non-empty object of strings (or numbers, booleans, null).',
    );
  }
  const entries = Object.entries(key).sort(([a], [b]) => compareCodePoints(a, b));
  return JSON.stringify(entries);
}
