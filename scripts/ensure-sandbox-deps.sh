#!/usr/bin/env bash
# Runs before `dotnet run --project src/Spindle.Server` starts the server (the EnsureSandboxDeps target in
# Spindle.Server.csproj): when the code_interpreter sandbox's prerequisites are missing, installs them with
# scripts/install-sandbox-deps.sh if this user is root or has passwordless sudo, and otherwise says exactly what
# is missing and the one command that installs it. Never fails: the server starts either way, and without the
# sandbox its code_interpreter runs fail with a clear last_error while functions and file search work.
#
#   SPINDLE_SANDBOX_SETUP=off    check nothing, install nothing
#   SPINDLE_BWRAP, SPINDLE_PYTHON, SPINDLE_SANDBOX_INSTALLER    other paths for the three (default: Debian's)
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bwrap=${SPINDLE_BWRAP:-/usr/bin/bwrap}
python=${SPINDLE_PYTHON:-/usr/bin/python3}
installer=${SPINDLE_SANDBOX_INSTALLER:-$root/scripts/install-sandbox-deps.sh}

log() { echo "spindle: $*" >&2; }

[[ ${SPINDLE_SANDBOX_SETUP:-on} == off ]] && exit 0

missing=()
[[ -x $bwrap ]] || missing+=(bubblewrap)
[[ -x /usr/bin/prlimit ]] || missing+=(util-linux)
if [[ ! -x $python ]]; then
  missing+=(python3 python3-numpy python3-pandas python3-matplotlib)
elif ! "$python" -c "import numpy, pandas, matplotlib" >/dev/null 2>&1; then
  missing+=("python3 modules numpy, pandas, matplotlib")
fi
((${#missing[@]})) || exit 0

refuse() {
  log "code_interpreter needs ${missing[*]}; $1."
  log "Install them once with: sudo $root/scripts/install-sandbox-deps.sh"
  log "Starting anyway: code_interpreter runs will fail with a clear last_error; functions and file search work."
  exit 0
}

if [[ $(id -u) -ne 0 ]] && ! sudo -n true >/dev/null 2>&1; then
  refuse "they are not installed, and installing them needs root or passwordless sudo"
fi

log "code_interpreter needs ${missing[*]}; installing them with $installer (SPINDLE_SANDBOX_SETUP=off skips this)"
"$installer" || refuse "$installer failed (see above)"
