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
dotnet test Spindle.slnx -c Release --no-build --logger "console;verbosity=normal"

# The SDK conformance again, every request round-robined over two Spindle nodes sharing one PostgreSQL.
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/spindle-pg-XXXXXX")
trap 'scripts/stop-postgres.sh "$pg_dir" >/dev/null 2>&1 || true' EXIT
export "$(scripts/start-postgres.sh "$pg_dir")"
SPINDLE_TEST_NODES=2 dotnet test tests/Spindle.Conformance -c Release --no-build --logger "console;verbosity=normal"
