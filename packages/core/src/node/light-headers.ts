/**
 * A `Headers` implementation that does not load undici: touching the global `Headers` (or
 * `Response`) the first time in a Node 20 process loads undici's fetch, ~50-150 ms of a
 * short-lived process's start. Same semantics for what callers use: case-insensitive names,
 * values combined with ", " (`set-cookie` kept apart for `getSetCookie()`), sorted iteration.
 */
export class LightHeaders {
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeadersInit | Record<string, string | readonly string[] | undefined>) {
    if (init === undefined || init === null) return;
    if (isPairs(init)) {
      for (const [name, value] of init) this.append(name, value);
    } else if (typeof (init as Headers).forEach === 'function') {
      (init as Headers).forEach((value, name) => {
        this.append(name, value);
      });
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (typeof value === 'string') this.append(name, value);
        else if (Array.isArray(value)) for (const v of value) this.append(name, String(v));
      }
    }
  }

  append(name: string, value: string): void {
    const key = checkName(name);
    const list = this.#values.get(key);
    if (list) list.push(normalize(value));
    else this.#values.set(key, [normalize(value)]);
  }

  delete(name: string): void {
    this.#values.delete(checkName(name));
  }

  get(name: string): string | null {
    const list = this.#values.get(name.toLowerCase());
    return list ? list.join(', ') : null;
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.#values.set(checkName(name), [normalize(value)]);
  }

  forEach(
    callback: (value: string, key: string, parent: Headers) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, value] of this)
      callback.call(thisArg, value, name, this as unknown as Headers);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const list = this.#values.get(name) ?? [];
      if (name === 'set-cookie') for (const v of list) yield [name, v];
      else yield [name, list.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Plain object for `node:http` (multi-valued headers as arrays). */
  toNodeHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, list] of this.#values)
      out[name] = list.length === 1 ? (list[0] as string) : [...list];
    return out;
  }
}

/** What `new Headers(init)` accepts. */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];

function isPairs(init: unknown): init is Iterable<[string, string]> {
  return Array.isArray(init);
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkName(name: string): string {
  if (!TOKEN.test(name)) throw new TypeError('Invalid header name.');
  return name.toLowerCase();
}

function normalize(value: string): string {
  const v = String(value).replace(/^[\t ]+|[\t ]+$/g, '');
  // CR, LF and NUL would split or end the header: refused, as fetch does (the value is not shown).
  if (/[\r\n\0]/.test(v)) throw new TypeError('Invalid header value (CR, LF or NUL).');
  return v;
}
