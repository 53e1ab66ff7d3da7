/**
 * jose's JWS and key-import modules, loaded on first use so that `import('@oauth2/crypt')` stays
 * cheap: they are most of jose's module graph, and a process that never signs or verifies (an
 * ADC user-credential process, a CLI printing a stored token) never pays for them. Each promise
 * (or, for verification, the loaded modules) is kept here once created: it holds code, not state.
 */

/** What verification needs of jose: `compactVerify`, and the error classes to map what it threw. */
export interface JoseVerify {
  readonly compactVerify: typeof import('jose/jws/compact/verify')['compactVerify'];
  readonly errors: typeof import('jose/errors');
}

let joseVerify: JoseVerify | Promise<JoseVerify> | undefined;
let signModule: Promise<typeof import('jose/jws/compact/sign')> | undefined;
let importModule: Promise<typeof import('jose/key/import')> | undefined;

/**
 * `jose/jws/compact/verify` and `jose/errors`: a promise while they load, then the modules
 * themselves (a verification awaits nothing for them once they are loaded).
 */
export function loadJoseVerify(): JoseVerify | Promise<JoseVerify> {
  joseVerify ??= Promise.all([import('jose/jws/compact/verify'), import('jose/errors')]).then(
    ([{ compactVerify }, errors]) => {
      joseVerify = { compactVerify, errors };
      return joseVerify;
    },
    (err: unknown) => {
      joseVerify = undefined;
      throw err;
    },
  );
  return joseVerify;
}

/** `jose/jws/compact/sign`. */
export function loadCompactSign(): Promise<typeof import('jose/jws/compact/sign')> {
  signModule ??= import('jose/jws/compact/sign');
  return signModule;
}

/** `jose/key/import`. */
export function loadKeyImport(): Promise<typeof import('jose/key/import')> {
  importModule ??= import('jose/key/import');
  return importModule;
}
