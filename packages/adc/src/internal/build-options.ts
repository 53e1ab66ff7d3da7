import type { CredentialsRuntimeOptions } from '@oauth2/core';

/** What building credentials from a file needs besides the file. */
export interface BuildOptions extends CredentialsRuntimeOptions {
  /** Scopes for service accounts (user credentials carry their own). */
  scopes?: string | Iterable<string> | undefined;
  /** Token endpoint override (default: the file's `token_uri`, else Google's). */
  tokenUri?: string | undefined;
}

/** Runtime options only (what a credential class accepts besides its fields). */
export function runtimeOptions(options: BuildOptions): CredentialsRuntimeOptions {
  const { scopes: _scopes, tokenUri: _tokenUri, ...runtime } = options;
  return runtime;
}
