import { OAuth2Error, type OAuth2ErrorOptions } from '@oauth2/core';

/**
 * A credential is too large for the platform's keyring (Windows Credential Manager holds 2 560
 * bytes). It is refused before anything is written, so the stored entry is unchanged.
 */
export class KeyringValueTooLargeError extends OAuth2Error {
  static override readonly defaultCode = 'keyring_value_too_large';
  /** Size of the value, in the backend's unit (bytes). */
  readonly size: number;
  /** The backend's limit. */
  readonly limit: number;
  constructor(message: string, options: OAuth2ErrorOptions & { size: number; limit: number }) {
    super(message, options);
    this.size = options.size;
    this.limit = options.limit;
  }
}
