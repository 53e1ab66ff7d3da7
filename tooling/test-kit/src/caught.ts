import { expect } from 'vitest';

/** A class of errors, for {@link thrownBy} and {@link rejectionOf} (abstract classes allowed). */
export type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * What `fn` throws. Fails the test when `fn` returns; with `type`, also asserts the error is an
 * instance of it (and returns it typed); with `fields`, that it has those fields
 * (`toMatchObject`).
 *
 * @example
 * const err = thrownBy(() => parseClientSecrets('{}'), InvalidClientSecretsError, { code: 'invalid_client_secrets' });
 * assertNoCanary(err);
 */
export function thrownBy(fn: () => unknown): unknown;
export function thrownBy<E>(fn: () => unknown, type: ErrorClass<E>, fields?: object): E;
export function thrownBy<E>(fn: () => unknown, type?: ErrorClass<E>, fields?: object): unknown {
  try {
    fn();
  } catch (err) {
    return checked(err, type, fields);
  }
  throw new Error(`expected a throw${type ? ` of ${type.name}` : ''}`);
}

/**
 * What `promise` rejects with. Fails the test when it resolves; with `type`, also asserts the
 * error is an instance of it (and returns it typed); with `fields`, that it has those fields
 * (`toMatchObject`).
 *
 * @example
 * const err = await rejectionOf(adc.getApplicationDefault(), ApplicationDefaultCredentialsError);
 * expect(err.message).toContain('GOOGLE_APPLICATION_CREDENTIALS');
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown>;
export async function rejectionOf<E>(
  promise: Promise<unknown>,
  type: ErrorClass<E>,
  fields?: object,
): Promise<E>;
export async function rejectionOf<E>(
  promise: Promise<unknown>,
  type?: ErrorClass<E>,
  fields?: object,
): Promise<unknown> {
  const outcome = await promise.then(
    () => ({ rejected: false as const }),
    (err: unknown) => ({ rejected: true as const, err }),
  );
  if (!outcome.rejected) throw new Error(`expected a rejection${type ? ` with ${type.name}` : ''}`);
  return checked(outcome.err, type, fields);
}

function checked<E>(err: unknown, type?: ErrorClass<E>, fields?: object): unknown {
  if (type) expect(err).toBeInstanceOf(type);
  if (fields) expect(err).toMatchObject(fields);
  return err;
}
