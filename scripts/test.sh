#!/usr/bin/env bash
# Runs every check and test of the workspace and ends with one line "N passed, N failed[, N skipped]".
# The keyring tests need a Secret Service: we run inside a private D-Bus session with a throwaway
# gnome-keyring, so nothing touches the user's real keyring.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${OAUTH2_IN_DBUS:-}" ] && command -v dbus-run-session >/dev/null; then
  export OAUTH2_IN_DBUS=1
  if command -v gnome-keyring-daemon >/dev/null; then
    # The bus starts the keyring daemon on first use (D-Bus activation) from a service file in our
    # throwaway XDG_DATA_HOME, which the bus searches before /usr/share: the daemon gets the password
    # on stdin, so it creates and unlocks a fresh login keyring. Should the daemon die mid-run (it
    # has, under concurrent writes), the next call starts one that unlocks the same keyring file,
    # where Debian's own service file would start one with the keyring locked.
    XDG_DATA_HOME="$(mktemp -d)"
    export XDG_DATA_HOME
    mkdir -p "$XDG_DATA_HOME/dbus-1/services"
    printf '#!/bin/sh\nprintf test-password | exec gnome-keyring-daemon --unlock --foreground --components=secrets >/dev/null\n' \
      >"$XDG_DATA_HOME/keyring-daemon.sh"
    chmod +x "$XDG_DATA_HOME/keyring-daemon.sh"
    printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n' "$XDG_DATA_HOME/keyring-daemon.sh" \
      >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service"
  fi
  exec dbus-run-session -- bash "$0" "$@"
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
