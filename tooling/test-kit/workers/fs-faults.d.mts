/**
 * A file handle that forwards every call to `handle` (a `CredentialFileHandle` of core's
 * `CredentialFs`) except those given in `overrides`.
 */
export function wrapHandle<H extends object>(handle: H, overrides?: Partial<H>): H;
