import type { IncomingMessage } from 'node:http';

/** Chunks buffered ahead of a reader before the socket is paused (as a web stream would). */
const HIGH_WATER_CHUNKS = 16;

/**
 * A response body read straight from Node's `IncomingMessage`. `read()` collects the bytes
 * without a web stream (the common path: `text()`, `json()` and `httpRequest`'s capped read);
 * `stream()` makes a `ReadableStream` only for a caller that touches `Response.body`, because
 * Node 20 loads web streams on first use (~7 ms and ~2 MiB of a short-lived process).
 * Bytes arriving before anyone reads are buffered (up to 16 chunks, then the socket pauses).
 */
export class NodeBody {
  readonly #res: IncomingMessage;
  readonly #settled: () => void;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #ended = false;
  #failure: { reason: unknown } | undefined;
  #wake: (() => void) | undefined;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  /** @param settled - called once the body ended, failed or was cancelled. */
  constructor(res: IncomingMessage, settled: () => void) {
    this.#res = res;
    this.#settled = settled;
    res.on('data', (chunk: Buffer) => {
      const controller = this.#controller;
      if (controller) {
        controller.enqueue(view(chunk));
        if ((controller.desiredSize ?? 1) <= 0) res.pause();
        return;
      }
      this.#chunks.push(chunk);
      this.#size += chunk.length;
      if (!this.#wake && this.#chunks.length >= HIGH_WATER_CHUNKS) res.pause();
      this.#notify();
    });
    res.on('end', () => {
      this.#ended = true;
      settled();
      this.#controller?.close();
      this.#controller = undefined;
      this.#notify();
    });
    res.on('error', (err) => this.fail(new TypeError('fetch failed', { cause: err })));
  }

  /** Error the body (an abort, a timeout): a pending or later read rejects with `reason`. */
  fail(reason: unknown): void {
    if (this.#ended || this.#failure) return;
    this.#failure = { reason };
    this.#settled();
    this.#controller?.error(reason);
    this.#controller = undefined;
    this.#notify();
  }

  /**
   * All the bytes, or `undefined` once more than `cap` arrived (the connection is then dropped).
   * @throws the failure reason when the body errors while being read.
   */
  async read(cap: number): Promise<Uint8Array | undefined> {
    for (;;) {
      if (this.#failure) throw this.#failure.reason;
      if (this.#size > cap) {
        this.cancel();
        return undefined;
      }
      if (this.#ended) return view(Buffer.concat(this.#chunks, this.#size));
      this.#res.resume();
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** The body as a web stream (what `Response.body` returns). */
  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          for (const chunk of this.#chunks.splice(0)) controller.enqueue(view(chunk));
          this.#size = 0;
          if (this.#failure) controller.error(this.#failure.reason);
          else if (this.#ended) controller.close();
          else this.#controller = controller;
        },
        pull: () => {
          this.#res.resume();
        },
        cancel: () => this.cancel(),
      },
      { highWaterMark: HIGH_WATER_CHUNKS },
    );
  }

  /** Stop reading and drop the connection. */
  cancel(): void {
    this.#settled();
    this.#controller = undefined;
    this.#res.destroy();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

function view(chunk: Buffer): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
}
