#!/usr/bin/env bash
# Installs what Spindle's code_interpreter sandbox needs, on Debian:
#   - bubblewrap (bwrap), the unprivileged namespace sandbox around every session,
#   - prlimit (util-linux), which sets the CPU, memory, process and file-size limits,
#   - Debian's /usr/bin/python3 with numpy, pandas and matplotlib (never a pyenv or venv python:
#     the sandbox binds only /usr, /lib, /lib64 and /bin read-only).
# Safe to run again: it installs only what is missing. Needs root or sudo.
set -euo pipefail

log() { echo "install-sandbox-deps: $*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root (or sudo) to run: $*"; exit 1
  fi
}

has_module() { [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c "import $1" >/dev/null 2>&1; }

apt_packages=()
[[ -x /usr/bin/bwrap ]] || apt_packages+=(bubblewrap)
[[ -x /usr/bin/prlimit ]] || apt_packages+=(util-linux)
[[ -x /usr/bin/python3 ]] || apt_packages+=(python3)
has_module numpy || apt_packages+=(python3-numpy)
has_module pandas || apt_packages+=(python3-pandas)
has_module matplotlib || apt_packages+=(python3-matplotlib)

if ((${#apt_packages[@]})); then
  log "installing Debian packages: ${apt_packages[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

/usr/bin/bwrap --version >&2
/usr/bin/python3 -c "import numpy, pandas, matplotlib; print('numpy', numpy.__version__, 'pandas', pandas.__version__, 'matplotlib', matplotlib.__version__)" >&2
log "done"
