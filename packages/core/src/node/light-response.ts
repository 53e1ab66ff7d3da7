import { READ_CAPPED, readStreamCapped } from '../http/capped-body.js';
import type { LightHeaders } from './light-headers.js';

/** Where a {@link LightResponse}'s bytes come from (a `NodeBody`, or a tee'd stream). */
export interface BodySource {
  /** All the bytes, or `undefined` (the rest discarded) once more than `cap` arrived. */
  read(cap: number): Promise<Uint8Array | undefined>;
  /** The bytes as a web stream. */
  stream(): ReadableStream<Uint8Array>;
}

/**
 * A `Response` that does not load undici (see {@link LightHeaders}): status, headers, a
 * `ReadableStream` body and the body readers (`text`, `json`, `arrayBuffer`, `bytes`); `blob()`
 * and `formData()` go through a real `Response`, built only when called. `clone()` tees the body.
 * The readers take the bytes straight from the source: the web stream behind `body` is made only
 * when `body` (or `clone()`) is touched.
 */
export class LightResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic' as const;
  #source: BodySource | null;
  #stream: ReadableStream<Uint8Array> | undefined;
  #used = false;

  constructor(
    source: BodySource | null,
    init: { status: number; statusText: string; headers: LightHeaders; url: string },
  ) {
    this.#source = source;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#source) return null;
    this.#stream ??= this.#source.stream();
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#stream?.locked ?? false);
  }

  async bytes(): Promise<Uint8Array> {
    // A copy: the bytes read may be a view into a shared pool.
    return new Uint8Array((await this[READ_CAPPED](Number.POSITIVE_INFINITY)) ?? []);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer as ArrayBuffer;
  }

  async text(): Promise<string> {
    const bytes = (await this[READ_CAPPED](Number.POSITIVE_INFINITY)) ?? new Uint8Array(0);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  blob(): Promise<Blob> {
    return this.#real().blob();
  }

  formData(): Promise<FormData> {
    return this.#real().formData();
  }

  clone(): LightResponse {
    if (this.bodyUsed) throw new TypeError('Response.clone: the body has already been read.');
    let other: BodySource | null = null;
    const body = this.body;
    if (body) {
      const [mine, theirs] = body.tee();
      this.#stream = mine;
      other = streamSource(theirs);
    }
    return new LightResponse(other, this);
  }

  /**
   * The whole body, or `undefined` once more than `cap` bytes arrived: what `httpRequest` reads
   * (see `READ_CAPPED`), with no web stream unless `body` was touched.
   */
  async [READ_CAPPED](cap: number): Promise<Uint8Array | undefined> {
    if (this.bodyUsed) throw new TypeError('Body is unusable: it has already been read.');
    this.#used = true;
    if (!this.#source) return new Uint8Array(0);
    if (this.#stream) return readStreamCapped(this.#stream, cap);
    return this.#source.read(cap);
  }

  /** The same response as undici's class (loads undici), for the rarely used readers. */
  #real(): Response {
    if (this.bodyUsed) throw new TypeError('Body is unusable: it has already been read.');
    const body = this.body;
    this.#used = true;
    return new Response(body, {
      status: this.status,
      statusText: this.statusText,
      headers: [...this.headers],
    });
  }
}

/** A {@link BodySource} over a web stream (the other half of a `clone()`). */
function streamSource(stream: ReadableStream<Uint8Array>): BodySource {
  return { read: (cap) => readStreamCapped(stream, cap), stream: () => stream };
}
