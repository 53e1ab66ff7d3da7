import { randomBytes } from 'node:crypto';
import { AsyncMutex, LockCompromisedError, LockTimeoutError } from '@oauth2/core';
import type { RedisCommands } from '../redis-client.js';
import { runCommand } from './run-command.js';
import { EXTEND_LOCK, RELEASE_LOCK } from './scripts.js';

/** Timing of a {@link RedisLock}. */
export interface RedisLockTiming {
  /** Wait at most this long in all (in-process queue included). */
  waitMs: number;
  /** The lock expires this long after it was taken or last extended. */
  ttlMs: number;
  /** Per-command deadline. */
  commandTimeoutMs: number;
}

/** A lock this process holds. */
export interface HeldRedisLock {
  /** The random token stored in the lock key. */
  readonly token: string;
  /** Set when the lock was found taken by someone else while held (it expired). */
  readonly compromised: LockCompromisedError | undefined;
  /** Release it (idempotent; never throws: an unreleased lock expires after its TTL). */
  release(): Promise<void>;
}

const MIN_DELAY_MS = 5;
// Short: a stampede hands the lock from instance to instance, each waiting one poll (a Redis
// round trip costs ~0.1 ms; 8 waiters polling every 25 ms are ~300 commands/s).
const MAX_DELAY_MS = 25;
const FACTOR = 1.5;

/**
 * `SET lock token NX PX ttl` with a random token, waited for with jittered back-off, extended
 * every `ttl / 3` while held, released by compare-and-delete. An in-process queue in front keeps
 * tasks of one process from polling each other.
 */
export class RedisLock {
  readonly #commands: RedisCommands;
  readonly #key: string;
  readonly #location: string;
  readonly #timing: RedisLockTiming;
  readonly #mutex = new AsyncMutex();

  constructor(commands: RedisCommands, key: string, location: string, timing: RedisLockTiming) {
    this.#commands = commands;
    this.#key = key;
    this.#location = location;
    this.#timing = timing;
  }

  /**
   * @throws {LockTimeoutError} still held by someone else after `waitMs`.
   * @throws {RedisStorageError} Redis failed (unreachable, read-only, full, slow).
   */
  async acquire(): Promise<HeldRedisLock> {
    const started = Date.now();
    const deadline = started + this.#timing.waitMs;
    const releaseMutex = await this.#waitForMutex(deadline, started);
    try {
      const token = randomBytes(18).toString('base64url');
      for (let attempt = 0; ; attempt++) {
        const taken = await this.#run('lock', () =>
          this.#commands.setIfAbsent(this.#key, token, this.#timing.ttlMs),
        ).catch((err: unknown) => {
          // The SET may still run later (a client re-sending after a reconnect): queue the
          // compare-and-delete behind it so it cannot leave a lock nobody owns.
          void this.#commands.eval(RELEASE_LOCK, [this.#key], [token]).catch(() => undefined);
          throw err;
        });
        if (taken) return this.#held(token, releaseMutex);
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw this.#timeout(started);
        const delay = Math.min(
          MAX_DELAY_MS,
          MIN_DELAY_MS * FACTOR ** attempt * (1 + Math.random()),
        );
        await sleep(Math.min(remaining, delay));
      }
    } catch (err) {
      releaseMutex();
      throw err;
    }
  }

  /** Sleep one jittered back-off step (readers polling a held lock); false once past `deadline`. */
  static async backoff(attempt: number, deadline: number): Promise<boolean> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await sleep(
      Math.min(remaining, MAX_DELAY_MS, MIN_DELAY_MS * FACTOR ** attempt * (1 + Math.random())),
    );
    return true;
  }

  /** The error a reader or locker throws when the wait budget ran out. */
  timeoutError(started: number): LockTimeoutError {
    return this.#timeout(started);
  }

  #run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return runCommand(this.#commands, this.#timing.commandTimeoutMs, operation, this.#location, fn);
  }

  async #waitForMutex(deadline: number, started: number): Promise<() => void> {
    const release = await this.#mutex.acquireUntil(deadline);
    if (release) return release;
    throw this.#timeout(started);
  }

  #held(token: string, releaseMutex: () => void): HeldRedisLock {
    const state: { compromised: LockCompromisedError | undefined; released: boolean } = {
      compromised: undefined,
      released: false,
    };
    const extend = async () => {
      try {
        const kept = await this.#run('lock', () =>
          this.#commands.eval(EXTEND_LOCK, [this.#key], [token, String(this.#timing.ttlMs)]),
        );
        if (Number(kept) === 0 && !state.released) state.compromised ??= this.#lost();
      } catch {
        // Redis unreachable for a moment: try again at the next tick; a write checks the token.
      }
    };
    const timer = setInterval(
      () => void extend(),
      Math.max(50, Math.floor(this.#timing.ttlMs / 3)),
    );
    timer.unref();
    return {
      token,
      get compromised() {
        return state.compromised;
      },
      release: async () => {
        if (state.released) return;
        state.released = true;
        clearInterval(timer);
        try {
          await this.#run('unlock', () => this.#commands.eval(RELEASE_LOCK, [this.#key], [token]));
        } catch {
          // Unreachable or slow: the lock expires after its TTL; the operation itself succeeded
          // or already threw, and a failed release must not replace its outcome.
        } finally {
          releaseMutex();
        }
      },
    };
  }

  #lost(): LockCompromisedError {
    return new LockCompromisedError(
      `The Redis lock on ${this.#location} expired while held (a pause longer than its ` +
        `${this.#timing.ttlMs} ms TTL) and another instance may have taken it. Nothing more is ` +
        'written under it; retry the operation.',
      { location: this.#location },
    );
  }

  #timeout(started: number): LockTimeoutError {
    const waitedMs = Date.now() - started;
    return new LockTimeoutError(
      `Timed out after ${waitedMs} ms waiting for the Redis lock on ${this.#location}: another ` +
        `instance holds it. Retry later; a lock left by a dead instance expires after ` +
        `${this.#timing.ttlMs} ms.`,
      { location: this.#location, waitedMs },
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
