/**
 * jose's JWS and key-import modules, loaded on first use so that `import('@oauth2/crypt')` stays
 * cheap: they are most of jose's module graph, and a process that never signs or verifies (an
 * ADC user-credential process, a CLI printing a stored token) never pays for them. Each promise
 * is kept here once created: it holds code, not state (`import()` caches the module anyway).
 */
let verifyModule: Promise<typeof import('jose/jws/compact/verify')> | undefined;
let signModule: Promise<typeof import('jose/jws/compact/sign')> | undefined;
let importModule: Promise<typeof import('jose/key/import')> | undefined;
let errorsModule: Promise<typeof import('jose/errors')> | undefined;

/** `jose/jws/compact/verify`. */
export function loadCompactVerify(): Promise<typeof import('jose/jws/compact/verify')> {
  verifyModule ??= import('jose/jws/compact/verify');
  return verifyModule;
}

/** `jose/errors` (its classes, to map what `compactVerify` threw; loaded with it). */
export function loadJoseErrors(): Promise<typeof import('jose/errors')> {
  errorsModule ??= import('jose/errors');
  return errorsModule;
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
