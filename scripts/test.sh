#!/usr/bin/env bash
# Runs every test: installs the test prerequisites, builds once (warnings are errors, formatting must be clean),
# then runs each test project.
# The storage tests start their own PostgreSQL; the conformance tests run the official .NET and Node SDKs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/install-deps.sh
dotnet build Spindle.slnx -c Release -warnaserror
dotnet format Spindle.slnx --verify-no-changes --no-restore
dotnet test Spindle.slnx -c Release --no-build --logger "console;verbosity=normal"
