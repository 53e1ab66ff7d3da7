#!/usr/bin/env bash
# Runs every check and test of the workspace and ends with one line "N passed, N failed[, N skipped]".
# The keyring tests need a Secret Service: we run inside a private D-Bus session with a throwaway
# gnome-keyring, so nothing touches the user's real keyring.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${OAUTH2_IN_DBUS:-}" ] && command -v dbus-run-session >/dev/null; then
  export OAUTH2_IN_DBUS=1
  exec dbus-run-session -- bash "$0" "$@"
fi

if command -v gnome-keyring-daemon >/dev/null && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  # The password on stdin creates and unlocks a fresh login keyring.
  eval "$(printf 'test-password' | gnome-keyring-daemon --unlock --components=secrets --daemonize 2>/dev/null)" || true
  export GNOME_KEYRING_CONTROL
fi

rm -rf packages/*/.test-results tooling/*/.test-results

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
status=0
echo "== lint"; pnpm exec biome check . || status=1
echo "== typecheck, build, test"
# Four tasks at a time on 2 cores: the browser, database and multi-process suites time out less
# often than with turbo's default of 10, and the whole run takes about as long.
pnpm exec turbo run typecheck build test --continue --concurrency=4 --output-logs=new-only || status=1
node scripts/summary.mjs || status=1
exit $status
