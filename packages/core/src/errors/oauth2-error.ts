/**
 * Codes the OAuth 2.0 specifications define for servers to send (RFC 6749 §4.1.2.1 and §5.2,
 * RFC 6750 §3.1, RFC 7009 §2.2.1, RFC 8628 §3.5). A server's `error` among these becomes the
 * `code` of the error it caused; any other value stays on `error` and the class's own code is used.
 */
export type OAuthServerErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'unsupported_token_type'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token';

const SERVER_CODES: ReadonlySet<string> = new Set<OAuthServerErrorCode>([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'invalid_token',
  'insufficient_scope',
  'unsupported_token_type',
  'authorization_pending',
  'slow_down',
  'expired_token',
]);

/** Whether a server's `error` value is one the specifications define. */
export function isOAuthServerErrorCode(value: unknown): value is OAuthServerErrorCode {
  return typeof value === 'string' && SERVER_CODES.has(value);
}

/** Options shared by every @oauth2 error. */
export interface OAuth2ErrorOptions {
  /** The underlying error (a network failure, a parse error...). */
  cause?: unknown;
  /** Overrides the class's default code. */
  code?: string;
}

/**
 * Base class of every @oauth2 error. `code` is stable and machine-readable; each package
 * documents its codes as a closed union (`OAuth2ErrorCode` here) and each class narrows `code`
 * to its own, so `switch (err.code)` narrows to the class (the jose model).
 *
 * @example
 * try {
 *   await credentials.refresh();
 * } catch (err) {
 *   if (err instanceof OAuth2Error && err.code === 'invalid_grant') promptLogin();
 *   else throw err;
 * }
 */
export class OAuth2Error extends Error {
  /** A stable, machine-readable code. */
  readonly code: string;
  /** Default code for instances of this class. */
  static readonly defaultCode: string = 'oauth2_error';

  constructor(message: string, options: OAuth2ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? (new.target as typeof OAuth2Error).defaultCode;
  }
}

// A mixin must take `...args: any[]` (TS2545); `ErrorClassOf` gives the result its real signature.
// biome-ignore lint/suspicious/noExplicitAny: required by the TypeScript mixin pattern
type ErrorClass = abstract new (...args: any[]) => OAuth2Error;
/** The options object a class of the tree takes (its constructor's second parameter). */
type OptionsOf<B extends ErrorClass> = NonNullable<ConstructorParameters<B>[1]>;

/**
 * What {@link errorClass} returns: `Base`'s constructor, its options extended with `F`, making
 * instances of `Base` whose `code` is `C` and that carry `F`.
 */
export type ErrorClassOf<B extends ErrorClass, C extends string, F extends object> = {
  readonly defaultCode: string;
} & (new (
  message: string,
  options?: OptionsOf<B> & { [K in keyof F]?: F[K] | undefined },
) => InstanceType<B> & { readonly code: C } & Readonly<F>);

/**
 * The one way a class of the tree is made: `Base` with `code` as its default code (and, unless
 * `C` is given as `string` for a class whose subclasses have their own codes, as the type of
 * `code`, so `switch (err.code)` narrows), plus `fields` read from the constructor's options
 * (the values given here are the defaults). Declare the
 * class by name, so `name` and `instanceof` are the Python ones:
 * `export class LockTimeoutError extends errorClass(LocatedError, 'lock_timeout', { waitedMs }) {}`.
 */
export function errorClass<
  B extends ErrorClass,
  const C extends string,
  F extends Record<string, unknown> = Record<never, never>,
>(Base: B, code: C, fields?: F): ErrorClassOf<B, C, F> {
  abstract class Defined extends Base {
    static readonly defaultCode: string = code;
    // biome-ignore lint/suspicious/noExplicitAny: required by the TypeScript mixin pattern
    constructor(...args: any[]) {
      super(...args);
      const options = (args[1] ?? {}) as Record<string, unknown>;
      for (const [field, fallback] of Object.entries(fields ?? {})) {
        Object.assign(this, { [field]: options[field] ?? fallback });
      }
    }
  }
  return Defined as unknown as ErrorClassOf<B, C, F>;
}

/** What the server said, for errors that come from an HTTP exchange. */
export interface ServerErrorFields {
  /** HTTP status, when a response was received. */
  status?: number;
  /** The server's `error` field (RFC 6749 §5.2), sanitized. */
  error?: string;
  /** The server's `error_description`, sanitized. */
  errorDescription?: string;
  /** The server's `error_uri`. */
  errorUri?: string;
  /** Whether trying again later may succeed (5xx, 429, 408, timeouts). */
  retryable: boolean;
  /** Seconds the server asked us to wait (`Retry-After`). */
  retryAfter?: number;
}

/** Options of the errors that carry {@link ServerErrorFields}. */
export interface HttpErrorOptions extends OAuth2ErrorOptions, Partial<ServerErrorFields> {}

const NO_SERVER_FIELDS: { [K in keyof ServerErrorFields]-?: ServerErrorFields[K] | undefined } = {
  status: undefined,
  error: undefined,
  errorDescription: undefined,
  errorUri: undefined,
  retryable: false,
  retryAfter: undefined,
};

/**
 * The one shared base of "the server answered with an OAuth error": `Base` (single inheritance
 * keeps the Python parents, e.g. `HttpAccessTokenRefreshError extends AccessTokenRefreshError`)
 * with `code` as default code and {@link ServerErrorFields}. The code is the server's `error`
 * when the specifications define it, else `code`.
 */
export function withServerFields<B extends ErrorClass, const C extends string>(Base: B, code: C) {
  abstract class ServerError extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: required by the TypeScript mixin pattern
    constructor(...args: any[]) {
      const [message, options = {}] = args as [string, HttpErrorOptions | undefined];
      const code =
        options.code ?? (isOAuthServerErrorCode(options.error) ? options.error : undefined);
      super(message, code === undefined ? options : { ...options, code });
    }
  }
  return errorClass(ServerError, code, NO_SERVER_FIELDS) as unknown as ErrorClassOf<
    B,
    C | OAuthServerErrorCode,
    ServerErrorFields
  >;
}

/** Options of {@link LocatedError}. */
export interface LocatedErrorOptions extends OAuth2ErrorOptions {
  /** The file, directory, keyring entry or store key the error is about. */
  location?: string;
}

/**
 * The one shared base of "this file/path/entry" errors (corrupt, locked, refused, unwritable).
 * `location` names the place; the message never quotes its content.
 *
 * @example
 * if (err instanceof LocatedError) console.error(`check ${err.location}`);
 */
export class LocatedError extends errorClass(OAuth2Error, 'oauth2_error' as string, {
  location: undefined as string | undefined,
}) {}
