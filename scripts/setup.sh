#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine (as root) or a developer box:
# the apt packages, pnpm, and the workspace dependencies. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-oauth2client   # the Python original, for interop tests (imports under /usr/bin/python3 only)
  gnome-keyring dbus dbus-x11 libsecret-tools   # a real Secret Service for @oauth2/storage-keyring
  libsecret-1-dev        # headers for building keytar from source
  redis-server           # @oauth2/storage-redis: each test run starts its own on a random loopback port
  postgresql             # @oauth2/storage-postgres: initdb/pg_ctl on a throwaway data dir, random port
  chromium               # real-browser tests of @oauth2/cli and @oauth2/express (playwright-core)
  tmux                   # drives `oauth2 login` in a real terminal in the CLI tests
)
PNPM_VERSION=12.4.2

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "setup: installing apt packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL refuses to run as root: the tests (tooling/test-kit startPostgres) run their own
# throwaway server as this system user on a random port. Debian's package creates it; no cluster
# started by apt is needed (or touched).
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" --allow-scripts=pnpm >/dev/null
fi

# keytar builds from source; node-gyp must use the local Node headers, not download them.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
# Browsers come from apt (chromium); never let playwright or a memory-server download binaries.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 REDISMS_DISABLE_POSTINSTALL=true
if [ -n "${CI:-}" ]; then
  pnpm install --frozen-lockfile
else
  pnpm install
fi
echo "setup: done"
