import { FrozenClock } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  MAX_PENDING_TRANSACTIONS,
  TRANSACTION_TTL_MS,
  type Transaction,
  type TransactionStore,
  Transactions,
  transactionCookieName,
} from './transactions.js';

function memoryStore(): TransactionStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => {
      data.set(key, structuredClone(value));
    },
    destroy: async (key) => {
      data.delete(key);
    },
  };
}

const clock = new FrozenClock(Date.UTC(2026, 0, 1));
const tx = (state: string): Transaction => ({
  state,
  codeVerifier: 'v',
  nonce: 'n',
  scopes: ['openid'],
  returnUrl: '/',
  issuer: 'https://op.example',
  redirectUri: 'https://app.example/oauth2callback',
  createdAt: clock.now(),
});

describe('Transactions', () => {
  it('takes a transaction once, only with its own state', async () => {
    const store = memoryStore();
    const transactions = new Transactions(store, clock);
    const { id } = await transactions.begin(tx('s1'), []);
    expect(await transactions.take(id, 's2')).toBeUndefined();
    expect((await transactions.take(id, 's1'))?.state).toBe('s1');
    expect(await transactions.take(id, 's1')).toBeUndefined();
    expect(store.data.size).toBe(0);
  });

  it('a consumed id stays refused even if its record is written back (a racing save)', async () => {
    const store = memoryStore();
    const transactions = new Transactions(store, clock);
    const { id } = await transactions.begin(tx('s'), []);
    const saved = structuredClone(store.data.get(`oauth2tx.${id}`));
    await transactions.take(id, 's');
    store.data.set(`oauth2tx.${id}`, saved);
    expect(await transactions.take(id, 's')).toBeUndefined();
  });

  it(`keeps ${MAX_PENDING_TRANSACTIONS} pending, destroying the oldest; drops ids already gone`, async () => {
    const store = memoryStore();
    const transactions = new Transactions(store, clock);
    let pending: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < MAX_PENDING_TRANSACTIONS + 2; i++) {
      const started = await transactions.begin(tx(`s${i}`), pending);
      pending = started.pending;
      ids.push(started.id);
    }
    expect(pending).toEqual(ids.slice(2));
    expect(store.data.has(`oauth2tx.${ids[0]}`)).toBe(false);
    await transactions.take(ids[3] as string, 's3');
    const next = await transactions.begin(tx('late'), pending);
    expect(next.pending).not.toContain(ids[3]);
    expect(next.pending).toHaveLength(MAX_PENDING_TRANSACTIONS);
  });

  it('expires after 10 minutes (and refuses records dated in the future)', async () => {
    const store = memoryStore();
    const transactions = new Transactions(store, clock);
    const { id } = await transactions.begin(tx('s'), []);
    clock.advance(TRANSACTION_TTL_MS + 1);
    expect(await transactions.take(id, 's')).toBeUndefined();
    const future = { ...tx('f'), createdAt: clock.now() + 5 * 60_000 };
    const started = await transactions.begin(future, []);
    expect(await transactions.take(started.id, 'f')).toBeUndefined();
  });

  it('refuses a record that is not a transaction', async () => {
    const store = memoryStore();
    const transactions = new Transactions(store, clock);
    store.data.set('oauth2tx.x', { oauth2_transaction: { state: 's' } });
    expect(await transactions.take('x', 's')).toBeUndefined();
  });

  it('cookie names depend on the state only, and reveal nothing of it', () => {
    expect(transactionCookieName('abc')).toBe(transactionCookieName('abc'));
    expect(transactionCookieName('abc')).not.toBe(transactionCookieName('abd'));
    expect(transactionCookieName('abc')).toMatch(/^oauth2tx_[\w-]{16}$/);
  });
});
