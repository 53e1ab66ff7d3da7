/**
 * Join scopes with single spaces; a string is returned unchanged. Port of
 * `oauth2client.util.scopes_to_string`.
 *
 * @example
 * scopesToString(['email', 'profile']); // 'email profile'
 */
export function scopesToString(scopes: string | Iterable<string>): string {
  if (typeof scopes === 'string') return scopes;
  return [...scopes].join(' ');
}

/**
 * Split a space-separated scope string on single spaces (so `'a  b'` keeps an empty element, as
 * in Python); an empty value gives `[]`; an iterable is returned as an array. Port of
 * `oauth2client.util.string_to_scopes`.
 *
 * @example
 * stringToScopes('email profile'); // ['email', 'profile']
 */
export function stringToScopes(scopes: string | Iterable<string> | null | undefined): string[] {
  if (!scopes) return [];
  if (typeof scopes === 'string') return scopes.split(' ');
  return [...scopes];
}
