#!/usr/bin/env bash
# Installs the npm dependencies of the Node conformance scenarios
# (tests/Spindle.Conformance/node) with `npm ci`, but only when node_modules is missing or stale.
#
# "Stale" means node_modules was not installed from the current package-lock.json: the script keeps a
# stamp (sha256 of package.json + package-lock.json) in node_modules/.spindle-install-stamp and
# reinstalls whenever it differs or the pinned openai package is absent.
#
# Works from any directory. Set FORCE=1 to reinstall unconditionally.
set -euo pipefail

script_path="${BASH_SOURCE[0]}"
if [[ "${script_path}" == */* ]]; then script_dir="${script_path%/*}"; else script_dir="."; fi
script_dir="$(cd -- "${script_dir:-/}" && pwd)"
repo_root="$(cd -- "${script_dir}/.." && pwd)"
node_dir="${repo_root}/tests/Spindle.Conformance/node"

die() {
  echo "install-node-deps: $*" >&2
  exit 1
}

[[ -f "${node_dir}/package.json" ]] || die "no package.json in ${node_dir}"
[[ -f "${node_dir}/package-lock.json" ]] || die "no package-lock.json in ${node_dir}; it must be committed"

command -v node >/dev/null 2>&1 || die "node is not installed or not on PATH (Node.js >= 20 is required; e.g. 'apt-get install nodejs npm')"
command -v npm >/dev/null 2>&1 || die "npm is not installed or not on PATH (e.g. 'apt-get install npm')"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "${node_major}" -lt 20 ]]; then
  die "Node.js >= 20 is required, found $(node --version)"
fi

openai_version() {
  OPENAI_PKG="${node_dir}/node_modules/openai/package.json" node -p 'require(process.env.OPENAI_PKG).version' 2>/dev/null || echo '?'
}

stamp_file="${node_dir}/node_modules/.spindle-install-stamp"
want_stamp="$(cat "${node_dir}/package.json" "${node_dir}/package-lock.json" | sha256sum | cut -d' ' -f1)"
have_stamp=""
if [[ -f "${stamp_file}" ]]; then
  have_stamp="$(cat "${stamp_file}")"
fi

if [[ "${FORCE:-0}" != "1" && "${have_stamp}" == "${want_stamp}" && -f "${node_dir}/node_modules/openai/package.json" ]]; then
  echo "install-node-deps: node_modules is up to date (openai $(openai_version))"
  exit 0
fi

echo "install-node-deps: running npm ci in ${node_dir}"
(cd "${node_dir}" && npm ci --no-audit --no-fund)
printf '%s\n' "${want_stamp}" > "${stamp_file}"
echo "install-node-deps: installed openai $(openai_version)"
