import { createServer } from 'node:net';
import type { FetchLike } from '@oauth2/core/http';
import { useResource } from '@oauth2/test-kit';
import { FakeMetadataServer } from '../src/testing/index.js';

/** A clock whose sleeps return at once and are recorded (for back-off assertions). */
export function instantClock(): {
  now(): number;
  sleep(ms: number): Promise<void>;
  sleeps: number[];
} {
  let now = Date.UTC(2016, 1, 1, 12);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A loopback port that refuses connections (bound, then released). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The global `fetch`, recording the URL of every call (each call is one connection attempt). */
export function countingFetch(): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    },
  };
}

/** A fake metadata server for each test of the file, closed after it. */
export const useMetadataServer = (): FakeMetadataServer =>
  useResource(
    () => FakeMetadataServer.start(),
    (server) => server.close(),
  );
