import type { Request } from 'express';
import type { Store } from 'express-session';
import { OAuth2ConfigurationError } from '../errors.js';
import type { SessionHandle } from './session-handle.js';
import type { TransactionStore } from './transactions.js';

const callback =
  (resolve: () => void, reject: (err: unknown) => void) =>
  (err?: unknown): void => {
    if (err) reject(err);
    else resolve();
  };

/** The request's `express-session` session, or a configuration error naming the fix. */
export function requireSession(req: Request): NonNullable<Request['session']> {
  if (!req.session || !req.sessionStore) {
    throw new OAuth2ConfigurationError(
      'No session on this request: mount express-session (app.use(session({ ... }))) before oauth2.router.',
    );
  }
  return req.session;
}

/** `express-session` as a {@link SessionHandle}. */
export function sessionHandle(req: Request): SessionHandle {
  requireSession(req);
  return {
    get id() {
      return req.sessionID;
    },
    get data() {
      return req.session as unknown as Record<string, unknown>;
    },
    regenerate: () =>
      new Promise((resolve, reject) => req.session.regenerate(callback(resolve, reject))),
    save: () => new Promise((resolve, reject) => req.session.save(callback(resolve, reject))),
    destroy: () => new Promise((resolve, reject) => req.session.destroy(callback(resolve, reject))),
    readStored: () =>
      new Promise((resolve, reject) =>
        req.sessionStore.get(req.sessionID, (err, data) => {
          if (err) reject(err);
          else resolve((data ?? undefined) as Record<string, unknown> | undefined);
        }),
      ),
  };
}

/** An `express-session` store as a {@link TransactionStore}. */
export function transactionStore(store: Store): TransactionStore {
  return {
    get: (key) =>
      new Promise((resolve, reject) =>
        store.get(key, (err, data) => (err ? reject(err) : resolve(data ?? undefined))),
      ),
    set: (key, value) =>
      new Promise((resolve, reject) => store.set(key, value as never, callback(resolve, reject))),
    destroy: (key) =>
      new Promise((resolve, reject) => store.destroy(key, callback(resolve, reject))),
  };
}
