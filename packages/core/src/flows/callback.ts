import { FlowExchangeError } from '../errors.js';
import { sanitizeServerText } from '../internal/token-endpoint.js';

/**
 * What `step2Exchange` accepts: the code itself, or the callback's query parameters as
 * `URLSearchParams` or a plain object (e.g. Express's `req.query`).
 */
export type CallbackInput = string | URLSearchParams | Readonly<Record<string, unknown>>;

/** The parts of a callback the exchange needs. */
export interface Callback {
  code: string;
  state: string | undefined;
  /** Whether the input was a callback query (then a state is expected) rather than a bare code. */
  fromQuery: boolean;
}

/**
 * Read a callback: a bare code, or query parameters carrying `code` and `state`, or `error`
 * (RFC 6749 §4.1.2.1).
 *
 * @throws {FlowExchangeError} the callback carries `error` (the message is its value, as in
 *   oauth2client; `code` is the error), has no code (`No code was supplied in the query
 *   parameters.`), or repeats a parameter.
 */
export function readCallback(input: CallbackInput): Callback {
  if (typeof input === 'string') {
    if (input === '') throw new FlowExchangeError('No code was supplied.');
    return { code: input, state: undefined, fromQuery: false };
  }
  const get = (name: string): string | undefined => {
    const values =
      input instanceof URLSearchParams
        ? input.getAll(name)
        : [input[name]].flat().filter((v) => v !== undefined);
    if (values.length > 1) {
      throw new FlowExchangeError(`The callback carries more than one "${name}" parameter.`);
    }
    const value = values[0];
    if (value !== undefined && typeof value !== 'string') {
      throw new FlowExchangeError(`The callback's "${name}" parameter is not a string.`);
    }
    return value;
  };
  const error = get('error');
  if (error !== undefined) {
    const description = get('error_description');
    throw new FlowExchangeError(sanitizeServerText(error), {
      error,
      ...(description !== undefined && { errorDescription: description }),
    });
  }
  const code = get('code');
  if (code === undefined || code === '') {
    throw new FlowExchangeError('No code was supplied in the query parameters.');
  }
  return { code, state: get('state'), fromQuery: true };
}
