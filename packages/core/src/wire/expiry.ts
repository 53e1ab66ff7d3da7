/**
 * `token_expiry` as oauth2client writes it: `%Y-%m-%dT%H:%M:%SZ` in UTC, whole seconds.
 */
export function formatExpiry(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const EXPIRY = /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})Z$/;

/**
 * Parse a stored `token_expiry` like Python's `strptime(s, EXPIRY_FORMAT)`; anything it would
 * reject (fractions, a space instead of `T`, an impossible date, a non-string) gives `null`,
 * meaning "no expiry", as oauth2client's `from_json` does.
 */
export function parseExpiry(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = EXPIRY.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(ms);
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    return null;
  }
  return date;
}
