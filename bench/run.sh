#!/usr/bin/env bash
# Spindle against the physical limit, in one run: builds the servers and the load generator, starts the fake upstream,
# the do-nothing pass-through proxy, the bare minimal-API baseline and Spindle on free loopback ports (each its own
# process), runs figures 1-7 with bounded counts and time on SQLite, then figures 1-5 and 7 with Spindle on a fresh
# PostgreSQL, writes bench/results/{sqlite,postgres}/latest.md and latest.json, and stops what it started.
#
#   bench/run.sh            the full run (about 20 minutes on 2 cores)
#   bench/run.sh --smoke    every figure in a few seconds, for CI; its numbers are not measurements
#
# Environment: BENCH_CONFIGURATION (default Release), BENCH_OUT (default bench/results), BENCH_NO_BUILD=1 to reuse a build,
# BENCH_STORES (default "sqlite postgres"), BENCH_FIGURES (default every figure; e.g. 1,4 to profile those).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build src/Spindle.Server bench/Spindle.FakeUpstream bench/Spindle.Load bench/Spindle.Benchmarks
# Figure 5 starts the published servers, as a deployment does, beside the builds that `dotnet run` starts.
publish src/Spindle.Server bench/Spindle.FakeUpstream

# Its own folder under /tmp: PostgreSQL runs as another user, who cannot enter $work.
pg=
cleanup() {
  stop ${pids[@]}
  [[ -n $pg ]] && scripts/stop-postgres.sh "$pg" >/dev/null 2>&1 || true
  [[ -n $pg ]] && rm -rf "$pg"
  mkdir -p "$out/logs" && cp "$work"/*.log "$out/logs/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

upstream=http://127.0.0.1:$(free_port)
proxy=http://127.0.0.1:$(free_port)
bare=http://127.0.0.1:$(free_port)
dotnet "$(bin Spindle.FakeUpstream)" --mode upstream --urls "$upstream" >"$work/upstream.log" 2>&1 &
upstream_pid=$!; pids+=("$upstream_pid")
dotnet "$(bin Spindle.FakeUpstream)" --mode proxy --upstream "$upstream" --urls "$proxy" >"$work/proxy.log" 2>&1 &
pids+=($!)
dotnet "$(bin Spindle.FakeUpstream)" --mode bare --urls "$bare" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_healthy "$upstream" "$proxy" "$bare"

status=0
for store in ${BENCH_STORES:-sqlite postgres}; do
  store_args=()
  figures=${BENCH_FIGURES:-1,2,3,4,5,6,7}
  if [[ $store == postgres ]]; then
    pg=$(mktemp -d "${TMPDIR:-/tmp}/spindle-bench-pg-XXXXXX")
    connection=$(scripts/start-postgres.sh "$pg" | sed 's/^SPINDLE_TEST_POSTGRES=//')
    store_args=(--Spindle:Storage:Provider=postgres "--Spindle:Storage:ConnectionString=$connection")
    # Figure 6 measures the search index and ingestion, which do not depend on the store.
    figures=${BENCH_FIGURES:-1,2,3,4,5,7}
  fi

  spindle=http://127.0.0.1:$(free_port)
  dotnet "$(bin Spindle.Server spindle)" --urls "$spindle" "--Spindle:Storage:DataDirectory=$work/data-$store" "${store_args[@]}" \
    "--Spindle:Providers:fake:BaseUrl=$upstream/v1" --Spindle:Providers:fake:ApiKey=x --Spindle:Providers:fake:Default=true \
    >"$work/spindle-$store.log" 2>&1 &
  spindle_pid=$!; pids+=("$spindle_pid")
  wait_healthy "$spindle"

  echo "run.sh: Spindle on $store"
  dotnet "$(bin Spindle.Load)" --spindle "$spindle" --upstream "$upstream" --proxy "$proxy" --bare "$bare" \
    --spindle-pid "$spindle_pid" --upstream-pid "$upstream_pid" \
    --spindle-dll "$(bin Spindle.Server spindle)" --fake-dll "$(bin Spindle.FakeUpstream)" --benchmarks-dll "$(bin Spindle.Benchmarks)" \
    --spindle-published "$(published Spindle.Server spindle)" --fake-published "$(published Spindle.FakeUpstream)" \
    --store "$store" --store-args "$(IFS=$'\t'; echo "${store_args[*]}")" --figures "$figures" \
    --out "$out/$store" "${smoke[@]}" || status=$?
  if [[ $status -ne 0 ]]; then
    echo "run.sh: the load generator exited with $status on $store; Spindle's log:" >&2
    tail -50 "$work/spindle-$store.log" >&2
    exit $status
  fi

  stop "$spindle_pid"
  # Only that pid leaves the list: a substitution (${pids[@]/$spindle_pid}) would also cut its digits out of the others,
  # and a pid cut down to 0 would make stop signal this whole process group.
  kept=()
  for pid in "${pids[@]}"; do [[ $pid != "$spindle_pid" ]] && kept+=("$pid"); done
  pids=("${kept[@]}")
  if [[ -n $pg ]]; then
    scripts/stop-postgres.sh "$pg" >/dev/null
    rm -rf "$pg"
    pg=
  fi
done
