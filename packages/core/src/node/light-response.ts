import type { LightHeaders } from './light-headers.js';

/**
 * A `Response` that does not load undici (see {@link LightHeaders}): status, headers, a
 * `ReadableStream` body and the body readers (`text`, `json`, `arrayBuffer`, `bytes`); `blob()`
 * and `formData()` go through a real `Response`, built only when called. `clone()` tees the body.
 */
export class LightResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic' as const;
  #body: ReadableStream<Uint8Array> | null;
  #used = false;

  constructor(
    body: ReadableStream<Uint8Array> | null,
    init: { status: number; statusText: string; headers: LightHeaders; url: string },
  ) {
    this.#body = body;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#body?.locked ?? false);
  }

  async bytes(): Promise<Uint8Array> {
    if (this.bodyUsed) throw new TypeError('Body is unusable: it has already been read.');
    this.#used = true;
    if (!this.#body) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    const reader = this.#body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer as ArrayBuffer;
  }

  async text(): Promise<string> {
    return Buffer.from(await this.bytes()).toString('utf8');
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
    let other: ReadableStream<Uint8Array> | null = null;
    if (this.#body) [this.#body, other] = this.#body.tee();
    return new LightResponse(other, this);
  }

  /** The same response as undici's class (loads undici), for the rarely used readers. */
  #real(): Response {
    if (this.bodyUsed) throw new TypeError('Body is unusable: it has already been read.');
    this.#used = true;
    return new Response(this.#body, {
      status: this.status,
      statusText: this.statusText,
      headers: [...this.headers],
    });
  }
}
