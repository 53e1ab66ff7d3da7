import type { ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { firstMessage } from './fork-worker.js';
import type { RotatingTokenServer } from './rotating-token-server.js';

/** What a refresher worker reports after each command. */
export interface RefresherReport {
  /** `ok` or `error:<code>` per call. */
  results: string[];
  invalid: boolean;
}

/**
 * Workers that hold one shared credential, each in its own process: `fork(offsetMs)` starts one
 * whose clock is `offsetMs` off (it sends `{ ready: true }`, then answers `{ op: 'loop', rounds }`,
 * `{ op: 'refresh' }` or `{ op: 'get' }` with a {@link RefresherReport}).
 */
export interface RefresherFleet {
  fork(offsetMs: number): ChildProcess;
}

/** Fork a refresher and wait until it has loaded the credential. */
export async function startRefresher(
  fleet: RefresherFleet,
  offsetMs: number,
): Promise<ChildProcess> {
  const child = fleet.fork(offsetMs);
  await firstMessage(child);
  return child;
}

/** Send one command to a refresher and wait for its report. */
export function ask(child: ChildProcess, message: object): Promise<RefresherReport> {
  const report = firstMessage<RefresherReport>(child);
  child.send(message);
  return report;
}

/** The rotation invariants: no refresh token presented twice, none refused, the grant alive. */
export function expectNoReplay(server: RotatingTokenServer, grantId: number): void {
  expect(server.replays).toEqual([]);
  expect(server.refused).toEqual([]);
  expect(new Set(server.presented).size).toBe(server.presented.length);
  expect(server.isAlive(grantId)).toBe(true);
}

/**
 * Two processes on one store with clocks two hours apart, each making `rounds` random refreshes
 * and reads at once (adversarial R8/R9): every call succeeds, nothing ends invalid, the server
 * never sees a refresh token twice and the grant stays alive. Returns the refreshes served.
 */
export async function twoClocksScenario(
  fleet: RefresherFleet,
  server: RotatingTokenServer,
  grantId: number,
  rounds = 25,
): Promise<number> {
  const children = await Promise.all(
    [0, 2 * 3600_000].map((offset) => startRefresher(fleet, offset)),
  );
  const reports = await Promise.all(children.map((c) => ask(c, { op: 'loop', rounds })));
  for (const report of reports) {
    expect(report.results.filter((r) => r !== 'ok')).toEqual([]);
    expect(report.invalid).toBe(false);
  }
  expectNoReplay(server, grantId);
  return server.refreshes;
}

/**
 * A worker's refresh is held at the server while this process revokes (adversarial R10/R11): the
 * revoke waits for the worker's lock, revokes the newest (rotated) token so the grant ends, and
 * deletes the stored credential; the worker's next refresh is refused and does not bring it back.
 */
export async function revokeWhileRefreshingScenario(
  fleet: RefresherFleet,
  server: RotatingTokenServer,
  grantId: number,
  local: { revoke(): Promise<void> },
  storedExists: () => Promise<boolean>,
): Promise<void> {
  const child = await startRefresher(fleet, 0);
  let release: (() => void) | undefined;
  server.beforeRefreshAnswer = () =>
    new Promise<void>((resolve) => {
      release = resolve;
    });
  const refreshed = ask(child, { op: 'refresh' });
  for (let i = 0; i < 1000 && release === undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(release, 'the worker reached the server').toBeDefined();
  const revoked = local.revoke();
  // The revoke has to wait for the worker's lock: give it time to try.
  await new Promise((resolve) => setTimeout(resolve, 200));
  release?.();
  expect((await refreshed).results).toEqual(['ok']);
  await revoked;
  expect(server.isAlive(grantId)).toBe(false);
  expect(await storedExists()).toBe(false);
  expect((await ask(child, { op: 'refresh' })).results).toEqual(['error:invalid_grant']);
  expect(await storedExists()).toBe(false);
  expect(server.replays).toEqual([]);
  expect(new Set(server.presented).size).toBe(server.presented.length);
}
