/**
 * Google answers `email` and `profile` with their long names in the token response's `scope`;
 * each pair counts as the same scope.
 */
const ALIASES = new Map<string, string>([
  ['email', 'https://www.googleapis.com/auth/userinfo.email'],
  ['profile', 'https://www.googleapis.com/auth/userinfo.profile'],
]);
for (const [short, long] of [...ALIASES]) ALIASES.set(long, short);

/** Scopes that say how, not what: never "declined", never required of a credential. */
const PROTOCOL_SCOPES = new Set(['openid', 'offline_access']);

/** Whether `granted` holds `scope` (or its alias). */
export function grants(granted: ReadonlySet<string>, scope: string): boolean {
  if (granted.has(scope)) return true;
  const alias = ALIASES.get(scope);
  return alias !== undefined && granted.has(alias);
}

/** The scopes of `wanted` that `granted` lacks (protocol scopes ignored). */
export function missingScopes(granted: ReadonlySet<string>, wanted: Iterable<string>): string[] {
  const missing: string[] = [];
  for (const scope of wanted) {
    if (!PROTOCOL_SCOPES.has(scope) && !grants(granted, scope) && !missing.includes(scope)) {
      missing.push(scope);
    }
  }
  return missing;
}

/** Split `scopes` query values (repeated and/or space-separated) into a list. */
export function scopeList(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(' ').filter(Boolean) : []));
}
