import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { LoopbackServer } from './loopback-server.js';

/** Options of {@link useResource} and {@link useLoopbackServer}. */
export interface UseResourceOptions<T> {
  /** `'test'` (default): a fresh resource for every test; `'file'`: one for the file (or `describe`). */
  per?: 'test' | 'file';
  /** Checks run on the live resource just before it is stopped (they still stop it when they throw). */
  beforeStop?: (resource: T) => void | Promise<void>;
}

/**
 * Register vitest hooks that start a resource (a server, a process) before the tests of the
 * current file or `describe` and stop it after them, and return a stand-in that forwards every
 * property read, assignment and method call to the live resource. Use the stand-in inside tests and hooks only (at
 * collection time nothing is running yet, and reading it throws).
 *
 * @example
 * const metadata = useResource(() => FakeMetadataServer.start(), (m) => m.close());
 * it('probes', async () => {
 *   expect(await probe(metadata.env())).toBe(true);
 * });
 */
export function useResource<T extends object>(
  start: () => Promise<T>,
  stop: (resource: T) => Promise<void>,
  options: UseResourceOptions<T> = {},
): T {
  let current: T | undefined;
  const [before, after] = options.per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    current = await start();
  });
  after(async () => {
    const resource = current;
    current = undefined;
    if (resource === undefined) return;
    try {
      await options.beforeStop?.(resource);
    } finally {
      await stop(resource);
    }
  });
  const live = (): T => {
    if (current === undefined)
      throw new Error('useResource: use the resource inside a test or hook.');
    return current;
  };
  return new Proxy({} as T, {
    get(_target, property) {
      // Not a thenable: `await` on the stand-in must not look for a live resource.
      if (property === 'then') return undefined;
      const resource = live();
      const value: unknown = Reflect.get(resource, property, resource);
      return typeof value === 'function' ? value.bind(resource) : value;
    },
    set(_target, property, value) {
      const resource = live();
      return Reflect.set(resource, property, value, resource);
    },
  });
}

/**
 * A {@link LoopbackServer} started before each test (or once per file with `per: 'file'`) and
 * closed after it: `useResource` for the test kit's loopback server.
 *
 * @example
 * const server = useLoopbackServer({ per: 'file', beforeStop: assertNoSecretInUrls });
 * it('refreshes', async () => {
 *   server.route('POST', '/token', { body: { access_token: 'a', expires_in: 3600 } });
 * });
 */
export function useLoopbackServer(
  options: UseResourceOptions<LoopbackServer> = {},
): LoopbackServer {
  return useResource(
    () => LoopbackServer.start(),
    (server) => server.close(),
    options,
  );
}
