/** The cookies of a request (`Cookie` header); the first value of a repeated name wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '') continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** Attributes of a cookie this package sets. */
export interface CookieAttributes {
  path: string;
  maxAgeSec: number;
  secure: boolean;
}

/** A `Set-Cookie` value: always `HttpOnly` and `SameSite=Lax`. Values are base64url, no quoting. */
export function serializeCookie(name: string, value: string, attrs: CookieAttributes): string {
  const parts = [
    `${name}=${value}`,
    `Path=${attrs.path}`,
    `Max-Age=${Math.max(0, Math.floor(attrs.maxAgeSec))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (attrs.secure) parts.push('Secure');
  return parts.join('; ');
}
