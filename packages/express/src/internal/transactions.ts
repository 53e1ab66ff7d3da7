import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@oauth2/core';

/** Pending sign-ins kept per session; a sixth evicts the oldest. */
export const MAX_PENDING_TRANSACTIONS = 5;
/** How long a sign-in may take, from the authorize step to the callback. */
export const TRANSACTION_TTL_MS = 10 * 60 * 1000;

/** One authorize step, kept server-side until its callback (or expiry). */
export interface Transaction {
  state: string;
  codeVerifier: string;
  nonce: string;
  /** Every scope asked for. */
  scopes: string[];
  returnUrl: string;
  /** The issuer the ID token (and RFC 9207 `iss`) must name. */
  issuer: string;
  redirectUri: string;
  createdAt: number;
}

/**
 * Where transactions live: the session store (any `express-session` store, so a sign-in started
 * on one instance completes on another). Keys never collide with session ids.
 */
export interface TransactionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: Record<string, unknown>, ttlMs: number): Promise<void>;
  destroy(key: string): Promise<void>;
}

const KEY_PREFIX = 'oauth2tx.';
const FIELD = 'oauth2_transaction';

/** The name of the cookie that binds the transaction with this `state` to the browser. */
export function transactionCookieName(state: string): string {
  return `oauth2tx_${createHash('sha256').update(state).digest('base64url').slice(0, 16)}`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isTransaction(value: unknown): value is Transaction {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    ['state', 'codeVerifier', 'nonce', 'returnUrl', 'issuer', 'redirectUri'].every(
      (k) => typeof t[k] === 'string',
    ) &&
    typeof t.createdAt === 'number' &&
    Array.isArray(t.scopes) &&
    t.scopes.every((s) => typeof s === 'string')
  );
}

/**
 * Per-authorize records: each sign-in gets its own id (a 256-bit random key into the store) and
 * its own browser cookie, so several tabs can sign in at once and a regenerated session id does
 * not lose them. Each record is used once: taken records are destroyed in the store and also
 * remembered in this process until they expire (two concurrent replays cannot both pass).
 */
export class Transactions {
  readonly #store: TransactionStore;
  readonly #clock: Clock;
  readonly #consumed = new Map<string, number>();

  constructor(store: TransactionStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * Save a new transaction; `pending` (the session's list of ids, oldest first) gets the new id
   * and loses the ids of records that are gone, the oldest beyond the cap being destroyed.
   * Returns the id (the cookie value) and the new pending list.
   */
  async begin(
    transaction: Transaction,
    pending: readonly string[],
  ): Promise<{ id: string; pending: string[] }> {
    const id = randomBytes(32).toString('base64url');
    const expires = new Date(transaction.createdAt + TRANSACTION_TTL_MS);
    await this.#store.set(
      KEY_PREFIX + id,
      {
        cookie: { originalMaxAge: TRANSACTION_TTL_MS, expires: expires.toISOString() },
        [FIELD]: transaction,
      },
      TRANSACTION_TTL_MS,
    );
    const alive: string[] = [];
    for (const old of pending) {
      if (this.#consumed.has(old)) continue;
      if (this.#read(await this.#store.get(KEY_PREFIX + old)) !== undefined) alive.push(old);
    }
    alive.push(id);
    while (alive.length > MAX_PENDING_TRANSACTIONS) {
      const oldest = alive.shift() as string;
      await this.#store.destroy(KEY_PREFIX + oldest);
    }
    return { id, pending: alive };
  }

  /**
   * Take (and destroy) the transaction `id` if its state equals `state` and it has not expired.
   * Returns undefined otherwise; a wrong state leaves the record in place.
   */
  async take(id: string, state: string): Promise<Transaction | undefined> {
    const now = this.#clock.now();
    this.#prune(now);
    if (this.#consumed.has(id)) return undefined;
    const record = this.#read(await this.#store.get(KEY_PREFIX + id));
    if (record === undefined || !sameText(record.state, state)) return undefined;
    if (this.#consumed.has(id)) return undefined;
    this.#consumed.set(id, record.createdAt + TRANSACTION_TTL_MS);
    await this.#store.destroy(KEY_PREFIX + id);
    if (now - record.createdAt > TRANSACTION_TTL_MS || now < record.createdAt - 60_000) {
      return undefined;
    }
    return record;
  }

  #read(value: unknown): Transaction | undefined {
    const record = (value as Record<string, unknown> | null | undefined)?.[FIELD];
    return isTransaction(record) ? record : undefined;
  }

  #prune(now: number): void {
    for (const [id, expiresAt] of this.#consumed) {
      if (expiresAt < now - 60_000) this.#consumed.delete(id);
    }
  }
}
