/**
 * `application/x-www-form-urlencoded` exactly as Python's `urlencode` (`quote_plus`) writes it:
 * space → `+`, everything outside `[A-Za-z0-9_.~-]` percent-encoded, parameters in the given
 * order. `URLSearchParams` differs on `*` and `~`, which would break byte-level wire parity.
 * Entries whose value is `null`/`undefined` are left out (Python would send the text `None`).
 */
export function formEncode(params: Iterable<readonly [string, string | null | undefined]>): string {
  const out: string[] = [];
  for (const [k, v] of params) {
    if (v === null || v === undefined) continue;
    out.push(`${quotePlus(k)}=${quotePlus(v)}`);
  }
  return out.join('&');
}

/** Python's `quote_plus` with the default safe set. */
export function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
