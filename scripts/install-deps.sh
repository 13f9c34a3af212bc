#!/usr/bin/env bash
# Installs what Spindle's tests need beyond the .NET SDK, on Debian:
#   - PostgreSQL 15 server binaries (the store contract tests run against a real server),
#   - the code_interpreter sandbox: bubblewrap and Debian's python3 with numpy, pandas, matplotlib,
#   - the npm packages of the Node SDK conformance scenarios (tests/Spindle.Conformance/node),
#   - Debian's chromium, the browser the playground tests drive (never a browser Playwright downloads).
# Safe to run again: it installs only what is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "install-deps: $*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root (or sudo) to run: $*"; exit 1
  fi
}

apt_packages=()
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || apt_packages+=(postgresql)
command -v node >/dev/null || apt_packages+=(nodejs npm)
[[ -x /usr/bin/chromium ]] || apt_packages+=(chromium)

if ((${#apt_packages[@]})); then
  log "installing Debian packages: ${apt_packages[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  # Debian starts a cluster on install; the tests start their own throwaway servers instead.
  if command -v pg_ctlcluster >/dev/null; then as_root pg_ctlcluster 15 main stop 2>/dev/null || true; fi
fi

"$root/scripts/install-sandbox-deps.sh"
"$root/scripts/install-node-deps.sh"
log "done"
