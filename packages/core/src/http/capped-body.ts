/**
 * A response may offer this method to hand `httpRequest` its whole body, stopping once more than
 * `cap` bytes arrived, without a web `ReadableStream` (Node 20 loads web streams on first use:
 * ~7 ms and ~2 MiB of a short-lived process). `@oauth2/core/node`'s transport implements it; any
 * other `fetch` is read through `response.body` as usual. A registered symbol, so two copies of
 * core still understand each other.
 */
export const READ_CAPPED: unique symbol = Symbol.for('@oauth2/core.readCapped') as never;

/** A response implementing {@link READ_CAPPED}. */
export interface CappedBody {
  /** The body's bytes, or `undefined` (and the rest discarded) once more than `cap` arrived. */
  [READ_CAPPED](cap: number): Promise<Uint8Array | undefined>;
}

/** The response's {@link READ_CAPPED} reader, bound, if it has one. */
export function cappedReader(
  response: object,
): ((cap: number) => Promise<Uint8Array | undefined>) | undefined {
  const read = (response as Partial<CappedBody>)[READ_CAPPED];
  return typeof read === 'function' ? read.bind(response) : undefined;
}

/**
 * Read a web stream to the end, or stop (cancelling it) once more than `cap` bytes arrived.
 * @returns the bytes, or `undefined` when over the cap.
 */
export async function readStreamCapped(
  stream: ReadableStream<Uint8Array>,
  cap: number,
): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
