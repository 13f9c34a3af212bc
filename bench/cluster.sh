#!/usr/bin/env bash
# Spindle on PostgreSQL as one node and as three nodes behind a round-robin client, in one run: figure 1 (time to first
# token at 1, 50 and 200 concurrent streams) and figure 7 (streamed runs completed per second), each against the fake
# upstream's own figures measured in the same run. Each topology gets a fresh PostgreSQL.
#
#   bench/cluster.sh            the full run
#   bench/cluster.sh --smoke    a few seconds per figure; its numbers are not measurements
#
# Writes bench/results/cluster-1/latest.md and bench/results/cluster-3/latest.md (with latest.json beside each).
# Environment: BENCH_CONFIGURATION (default Release), BENCH_OUT (default bench/results), BENCH_NO_BUILD=1 to reuse a build.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build src/Spindle.Server bench/Spindle.FakeUpstream bench/Spindle.Load

# Its own folder under /tmp: PostgreSQL runs as another user, who cannot enter $work.
pg=$(mktemp -d "${TMPDIR:-/tmp}/spindle-bench-pg-XXXXXX")
stop_all() {
  stop ${pids[@]}
  pids=()
}
cleanup() {
  stop_all
  scripts/stop-postgres.sh "$pg" >/dev/null 2>&1 || true
  mkdir -p "$out/logs" && cp "$work"/*.log "$out/logs/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for nodes in 1 3; do
  upstream=http://127.0.0.1:$(free_port)
  bare=http://127.0.0.1:$(free_port)
  proxy=http://127.0.0.1:$(free_port)
  dotnet "$(bin Spindle.FakeUpstream)" --mode upstream --urls "$upstream" >"$work/upstream-$nodes.log" 2>&1 &
  upstream_pid=$!; pids+=("$upstream_pid")
  dotnet "$(bin Spindle.FakeUpstream)" --mode proxy --upstream "$upstream" --urls "$proxy" >"$work/proxy-$nodes.log" 2>&1 &
  pids+=($!)
  dotnet "$(bin Spindle.FakeUpstream)" --mode bare --urls "$bare" >"$work/bare-$nodes.log" 2>&1 &
  pids+=($!)

  connection=$(scripts/start-postgres.sh "$pg" | sed 's/^SPINDLE_TEST_POSTGRES=//')
  urls=()
  first_pid=
  for i in $(seq "$nodes"); do
    url=http://127.0.0.1:$(free_port)
    dotnet "$(bin Spindle.Server spindle)" --urls "$url" "--Spindle:Storage:DataDirectory=$work/data-$nodes-$i" \
      --Spindle:Storage:Provider=postgres "--Spindle:Storage:ConnectionString=$connection" \
      "--Spindle:Providers:fake:BaseUrl=$upstream/v1" --Spindle:Providers:fake:ApiKey=x --Spindle:Providers:fake:Default=true \
      >"$work/spindle-$nodes-$i.log" 2>&1 &
    pids+=($!)
    first_pid=${first_pid:-$!}
    urls+=("$url")
  done
  wait_healthy "$upstream" "$proxy" "$bare" "${urls[@]}"

  echo "cluster.sh: $nodes node(s) on PostgreSQL"
  dotnet "$(bin Spindle.Load)" --spindle "$(IFS=,; echo "${urls[*]}")" --upstream "$upstream" --proxy "$proxy" --bare "$bare" --store postgres \
    --spindle-pid "$first_pid" --upstream-pid "$upstream_pid" \
    --spindle-dll "$(bin Spindle.Server spindle)" --fake-dll "$(bin Spindle.FakeUpstream)" --benchmarks-dll none \
    --out "$out/cluster-$nodes" --figures 1,7 "${smoke[@]}"

  stop_all
  scripts/stop-postgres.sh "$pg" >/dev/null
  pg=$(mktemp -d "${TMPDIR:-/tmp}/spindle-bench-pg-XXXXXX")
done
