/** Longest callback query accepted; a longer one is answered 414 before anything else. */
export const MAX_CALLBACK_QUERY = 8192;

/** The callback parameters this package reads; each may appear at most once. */
export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  iss?: string;
}

/** Why a callback query was refused before any lookup. */
export type QueryProblem = 'too_long' | 'malformed' | 'repeated';

const READ = new Map<string, keyof CallbackQuery>([
  ['code', 'code'],
  ['state', 'state'],
  ['error', 'error'],
  ['error_description', 'errorDescription'],
  ['iss', 'iss'],
]);

/**
 * Parse a raw query string strictly: invalid percent-encoding is refused (URLSearchParams would
 * silently keep it), and so is any of our parameters given twice (a second `state` must not
 * choose which check applies).
 */
export function parseCallbackQuery(raw: string): CallbackQuery | QueryProblem {
  if (raw.length > MAX_CALLBACK_QUERY) return 'too_long';
  const query: CallbackQuery = {};
  if (raw === '') return query;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return 'malformed';
    }
    const key = READ.get(name);
    if (key === undefined) continue;
    if (query[key] !== undefined) return 'repeated';
    query[key] = value;
  }
  return query;
}
