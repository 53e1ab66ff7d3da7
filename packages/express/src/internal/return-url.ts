/** Longest return URL kept; a longer one falls back to `/`. */
const MAX_RETURN_URL = 2048;

/**
 * A same-origin path to send the user back to, or `/`. Refused (GHSA-7p99-3798-f85c and its
 * variants): absolute and protocol-relative URLs, backslashes (browsers read `/\evil` as
 * `//evil`), control characters and whitespace, and any of these hidden behind percent-encoding
 * (decoded repeatedly until stable). What is kept is re-serialized by `URL` against a dummy origin,
 * so the result always starts with a single `/`.
 */
export function safeReturnUrl(input: unknown): string {
  if (typeof input !== 'string' || input === '' || input.length > MAX_RETURN_URL) return '/';
  let decoded = input;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return '/';
    }
    if (next === decoded) break;
    decoded = next;
  }
  for (const text of [input, decoded]) {
    if (!text.startsWith('/') || text.startsWith('//')) return '/';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (/[\\\u0000-\u0020\u007f]/.test(text)) return '/';
  }
  const base = 'http://return-url.invalid';
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
