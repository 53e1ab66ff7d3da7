import { randomUUID } from 'node:crypto';
import { napiKeyringBackend } from '../src/index.js';

/** Opt-out for machines without a Secret Service (CI's test script always provides one). */
export const SKIP_ENV = 'OAUTH2_SKIP_KEYRING_TESTS';

/**
 * Probe the session's Secret Service by writing and deleting a throwaway entry. Without one the
 * keyring tests FAIL with instructions, unless `OAUTH2_SKIP_KEYRING_TESTS=1` says to skip them.
 */
export async function requireSecretService(): Promise<boolean> {
  if (process.platform !== 'linux') return true;
  const backend = napiKeyringBackend();
  const service = `oauth2-probe-${randomUUID()}`;
  try {
    await backend.setPassword(service, 'probe', 'x');
    await backend.deletePassword(service, 'probe');
    return true;
  } catch (err) {
    if (process.env[SKIP_ENV] === '1') return false;
    throw new Error(
      'The keyring tests need a Secret Service on the D-Bus session bus, and none answered ' +
        `(${(err as Error).message.split('\n')[0]}). Run them through scripts/test.sh, or by hand:\n` +
        `  dbus-run-session -- bash -c 'export XDG_DATA_HOME=$(mktemp -d); eval "$(printf pw | ` +
        `gnome-keyring-daemon --unlock --components=secrets --daemonize)"; pnpm exec vitest run'\n` +
        `or set ${SKIP_ENV}=1 to skip them on purpose.`,
    );
  }
}

/** A service name no other run uses. */
export function uniqueService(label: string): string {
  return `oauth2-test-${label}-${randomUUID()}`;
}
