#!/usr/bin/env bash
# Runs every test: installs the test prerequisites, builds once (warnings are errors, formatting must be clean),
# then runs each test project, and the SDK conformance once more over two nodes behind a round-robin proxy.
# The storage tests start their own PostgreSQL; the conformance tests run the official .NET and Node SDKs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/install-deps.sh
dotnet build Spindle.slnx -c Release -warnaserror
dotnet format Spindle.slnx --verify-no-changes --no-restore

# Each test run's output is kept, so that a failure is summed up again at the very end, after everything else printed.
log=$(mktemp "${TMPDIR:-/tmp}/spindle-test-XXXXXX.log")
pg_dir=
finish() {
  status=$?
  [[ -n $pg_dir ]] && { scripts/stop-postgres.sh "$pg_dir" >/dev/null 2>&1 || true; }
  if [[ $status -ne 0 ]]; then
    echo
    echo "==== test.sh failed (exit $status); the failures: ===="
    grep -E -A25 '^\s*Failed [A-Za-z]|^\s*\[FAIL\]|Test Run Aborted|Test host process crashed|error [A-Z]+[0-9]+|^start-postgres:' "$log" | head -300 || true
  fi
  rm -f "$log"
  exit $status
}
trap finish EXIT

dotnet test Spindle.slnx -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee -a "$log"

# The SDK conformance again, every request round-robined over two Spindle nodes sharing one PostgreSQL.
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/spindle-pg-XXXXXX")
connection=$(scripts/start-postgres.sh "$pg_dir" 2>&1 | tee -a "$log" | grep '^SPINDLE_TEST_POSTGRES=')
export "$connection"
SPINDLE_TEST_NODES=2 dotnet test tests/Spindle.Conformance -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee -a "$log"
