import { lstat, mkdir, open, readdir, rmdir, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A first-come, first-served queue in front of a mkdir lock, shared by processes through a folder
 * of ticket files (`<lock>.queue/<arrival ms>-<pid>-<random>`). mkdir-polling locks are unfair: a
 * waiter that backed off to its longest delay loses to newcomers polling at the shortest, so the
 * worst wait grows without bound under contention. With the queue, a writer that finds others
 * waiting takes a ticket and only the oldest ticket polls the lock (quickly, as it is alone); the
 * others look at the queue now and then. A ticket whose owner died stops being touched and is
 * dropped after the stale interval.
 *
 * Best effort by design: any file-system surprise (the queue path is not a plain directory,
 * permissions...) makes {@link LockQueue.join} return undefined, and the lock is then polled as
 * before. The queue decides only who polls first; the lock itself still decides who holds it.
 */
export class LockQueue {
  readonly dir: string;
  readonly #staleMs: number;

  constructor(lockPath: string, staleMs: number) {
    this.dir = `${lockPath}.queue`;
    this.#staleMs = staleMs;
  }

  /** Whether other writers are queued (a newcomer then queues behind them). */
  async busy(): Promise<boolean> {
    try {
      return (await readdir(this.dir)).some(isTicket);
    } catch {
      return false;
    }
  }

  /** Take a ticket at the back of the queue, or undefined when the queue cannot be used. */
  async join(): Promise<QueueTicket | undefined> {
    const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}`;
    for (let tries = 0; tries < 3; tries++) {
      try {
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        const stats = await lstat(this.dir);
        if (!stats.isDirectory()) return undefined;
        await (await open(join(this.dir, name), 'wx', 0o600)).close();
        return new QueueTicket(this.dir, name, this.#staleMs);
      } catch (err) {
        // The last writer out removed the folder between our mkdir and open: once more.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
      }
    }
    return undefined;
  }
}

function isTicket(name: string): boolean {
  return /^\d{15}-\d+-[0-9a-f]{8}$/.test(name);
}

/** One writer's place in a {@link LockQueue}. */
export class QueueTicket {
  readonly #dir: string;
  readonly #name: string;
  readonly #staleMs: number;
  #touchedAt = performance.now();

  constructor(dir: string, name: string, staleMs: number) {
    this.#dir = dir;
    this.#name = name;
    this.#staleMs = staleMs;
  }

  /**
   * The live ticket right ahead of this one, as last seen by {@link QueueTicket.isHead}: its
   * owner leaving is the only change that can make this ticket first.
   */
  get ahead(): string | undefined {
    return this.#ahead;
  }
  #ahead: string | undefined;

  /**
   * Whether this ticket is the oldest live one (and which one is right ahead otherwise). Tickets
   * older than the stale interval that have not been touched within it belong to dead writers and
   * are removed on the way. Keeps this ticket fresh. A queue that cannot be read counts as "our
   * turn" (poll the lock as before).
   */
  async isHead(): Promise<boolean> {
    const now = performance.now();
    if (now - this.#touchedAt > this.#staleMs / 3) {
      this.#touchedAt = now;
      const date = new Date();
      await utimes(join(this.#dir, this.#name), date, date).catch(() => undefined);
    }
    // Only the ticket ahead leaving can make us first: while it is there (and young enough not
    // to need a staleness check), one lstat answers without reading the whole queue.
    const ahead = this.#ahead;
    if (ahead !== undefined && Date.now() - Number(ahead.slice(0, 15)) < this.#staleMs) {
      const there = await lstat(join(this.#dir, ahead)).then(
        () => true,
        () => false,
      );
      if (there) return false;
    }
    let names: string[];
    try {
      names = (await readdir(this.#dir)).filter(isTicket).sort();
    } catch {
      names = [];
    }
    this.#ahead = undefined;
    for (const name of names) {
      if (name >= this.#name) break;
      if (await this.#alive(name)) this.#ahead = name;
    }
    return this.#ahead === undefined;
  }

  async #alive(name: string): Promise<boolean> {
    if (Date.now() - Number(name.slice(0, 15)) < this.#staleMs) return true;
    // Old enough to be stale: it is, unless its owner touched it recently.
    try {
      const stats = await lstat(join(this.#dir, name));
      if (Date.now() - stats.mtimeMs < this.#staleMs) return true;
      await unlink(join(this.#dir, name));
    } catch {
      // gone meanwhile: its owner got the lock or gave up
    }
    return false;
  }

  /** The path of the ticket `name` in this queue. */
  path(name: string): string {
    return join(this.#dir, name);
  }

  /** Leave the queue (idempotent); the last one out removes the folder. */
  async leave(): Promise<void> {
    await unlink(join(this.#dir, this.#name)).catch(() => undefined);
    await rmdir(this.#dir).catch(() => undefined); // ENOTEMPTY while others wait
  }
}

/** `node:crypto`, loaded on first use: a process that only reads files never pays for it. */
function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
