import { afterAll, describe, expect, it } from 'vitest';
import { useLoopbackServer, useResource } from './use-resource.js';

describe('useResource', () => {
  const events: string[] = [];
  let made = 0;
  const thing = useResource(
    async () => {
      made++;
      events.push(`start ${made}`);
      return { id: made, label: '', name: () => `thing-${made}` };
    },
    async (t) => {
      events.push(`stop ${t.id}`);
    },
    { beforeStop: (t) => void events.push(`check ${t.id}`) },
  );

  it('forwards reads, assignments and methods to the live resource of this test', () => {
    expect(thing.id).toBe(1);
    expect(thing.name()).toBe('thing-1');
    thing.label = 'assigned';
    expect(thing.label).toBe('assigned');
  });

  it('starts a fresh one per test, checking and stopping the previous one', () => {
    expect(thing.id).toBe(2);
    expect(events).toEqual(['start 1', 'check 1', 'stop 1', 'start 2']);
  });

  afterAll(() => {
    expect(events.slice(-2)).toEqual(['check 2', 'stop 2']);
  });
});

describe('useResource at collection time', () => {
  const early = useResource(
    async () => ({ value: 1 }),
    async () => {},
    { per: 'file' },
  );
  const readEarly = (() => {
    try {
      return early.value;
    } catch (err) {
      return err;
    }
  })();

  it('throws when read before the hook ran, and is not a thenable', async () => {
    expect(readEarly).toBeInstanceOf(Error);
    expect((early as { then?: unknown }).then).toBeUndefined();
    expect(early.value).toBe(1);
  });
});

describe('useLoopbackServer', () => {
  const server = useLoopbackServer({ per: 'file' });

  it('is a live loopback server (private fields reached through the stand-in)', async () => {
    server.route('GET', '/ping', { body: 'pong' });
    const res = await fetch(server.urlOf('/ping'));
    expect(await res.text()).toBe('pong');
    expect(server.count('/ping')).toBe(1);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('useResource assignments', () => {
  const live = useResource(
    async () => ({ hook: undefined as (() => string) | undefined, ask: () => 'none' }),
    async () => {},
  );

  it('an assignment through the stand-in reaches the live resource', () => {
    live.hook = () => 'set';
    const target = live as { hook?: () => string };
    expect(target.hook?.()).toBe('set');
  });
});
