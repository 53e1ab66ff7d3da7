import { KeyringUnavailableError } from '@oauth2/core';

/** The first line of a backend error (they describe the platform, never the stored value). */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]?.slice(0, 300) ?? 'unknown error';
}

/** `KeyringUnavailableError` saying what to do about it. */
export function unavailable(why: string, cause: unknown): KeyringUnavailableError {
  return new KeyringUnavailableError(
    `The OS keyring is not available (${why}). On Linux a Secret Service (GNOME Keyring, ` +
      'KWallet) must run in the D-Bus session; otherwise use another storage. Nothing was ' +
      'written anywhere else.',
    { cause },
  );
}
