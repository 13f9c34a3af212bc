#!/usr/bin/env bash
# Spindle against the physical limit, in one run: builds the servers and the load generator, starts the fake upstream,
# the bare minimal-API baseline and Spindle on free loopback ports (each its own process), runs figures 1-6 with
# bounded counts and time, writes bench/results/latest.md and latest.json, and stops what it started.
#
#   bench/run.sh            the full run (under 10 minutes on 2 cores)
#   bench/run.sh --smoke    every figure in a few seconds, for CI; its numbers are not measurements
#
# Environment: BENCH_CONFIGURATION (default Release), BENCH_OUT (default bench/results), BENCH_NO_BUILD=1 to reuse a build.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
smoke=()
if [[ "${1:-}" == "--smoke" ]]; then smoke=(--smoke); fi
configuration=${BENCH_CONFIGURATION:-Release}
out=${BENCH_OUT:-$root/bench/results}
pivot=$(echo "$configuration" | tr '[:upper:]' '[:lower:]')
bin() { echo "$root/artifacts/bin/$1/$pivot/${2:-$1}.dll"; }

projects=(src/Spindle.Server bench/Spindle.FakeUpstream bench/Spindle.Load bench/Spindle.Benchmarks)
if [[ "${BENCH_NO_BUILD:-0}" != "1" ]]; then
  for project in "${projects[@]}"; do
    dotnet build "$project" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly >/dev/null || dotnet build "$project" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly
  done
fi

work=$(mktemp -d -t spindle-bench-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  mkdir -p "$out/logs" && cp "$work"/*.log "$out/logs/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

read -r upstream_port bare_port spindle_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks: s.close()')
upstream=http://127.0.0.1:$upstream_port
bare=http://127.0.0.1:$bare_port
spindle=http://127.0.0.1:$spindle_port

dotnet "$(bin Spindle.FakeUpstream)" --mode upstream --urls "$upstream" >"$work/upstream.log" 2>&1 &
upstream_pid=$!; pids+=("$upstream_pid")
dotnet "$(bin Spindle.FakeUpstream)" --mode bare --urls "$bare" >"$work/bare.log" 2>&1 &
pids+=($!)
dotnet "$(bin Spindle.Server spindle)" --urls "$spindle" "--Spindle:Storage:DataDirectory=$work/data" \
  "--Spindle:Providers:fake:BaseUrl=$upstream/v1" --Spindle:Providers:fake:ApiKey=x --Spindle:Providers:fake:Default=true \
  >"$work/spindle.log" 2>&1 &
spindle_pid=$!; pids+=("$spindle_pid")

for url in "$upstream" "$bare" "$spindle"; do
  for _ in $(seq 600); do
    if curl -fs "$url/healthz" >/dev/null 2>&1; then continue 2; fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || break 2; done
    sleep 0.1
  done
  echo "run.sh: $url did not answer /healthz (or a server exited)" >&2
  cat "$work"/*.log >&2
  exit 1
done

status=0
dotnet "$(bin Spindle.Load)" --spindle "$spindle" --upstream "$upstream" --bare "$bare" \
  --spindle-pid "$spindle_pid" --upstream-pid "$upstream_pid" \
  --spindle-dll "$(bin Spindle.Server spindle)" --fake-dll "$(bin Spindle.FakeUpstream)" --benchmarks-dll "$(bin Spindle.Benchmarks)" \
  --out "$out" "${smoke[@]}" || status=$?
if [[ $status -ne 0 ]]; then
  echo "run.sh: the load generator exited with $status; Spindle's log:" >&2
  tail -50 "$work/spindle.log" >&2
fi
exit $status
