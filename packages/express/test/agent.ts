/** A cookie-keeping HTTP client that never follows redirects: one browser, played by hand. */
export class Agent {
  readonly cookies = new Map<string, string>();
  /** Every response this browser saw: status, headers and body, as text (for leak checks). */
  readonly seen: string[] = [];
  readonly base: string;
  /** Sent with every request (e.g. `x-forwarded-proto: https` behind a trusted proxy). */
  readonly headers: Record<string, string>;

  constructor(base: string, headers: Record<string, string> = {}) {
    this.base = base;
    this.headers = headers;
  }

  /** GET (or another method) a path or URL of the app; Set-Cookie lines are kept. */
  async request(
    pathOrUrl: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Response & { text_: string; location: string | null }> {
    const url = new URL(pathOrUrl, this.base);
    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === '') {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    const text_ = await res.text();
    this.seen.push(
      `${res.status} ${url.pathname}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text_}`,
    );
    return Object.assign(res, { text_, location: res.headers.get('location') });
  }

  get(pathOrUrl: string, headers: Record<string, string> = {}) {
    return this.request(pathOrUrl, { headers });
  }

  /** The session cookie's value (express-session's `connect.sid`). */
  get sessionCookie(): string | undefined {
    return this.cookies.get('connect.sid');
  }
}
