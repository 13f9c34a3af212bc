# What bench/run.sh and bench/cluster.sh share; sourced by both, never run alone. Sets root (and cds there), smoke,
# configuration, out, work and pids, and defines bin, build, published, publish, free_port, stop and wait_healthy. The caller sets its trap.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
smoke=()
if [[ "${1:-}" == "--smoke" ]]; then smoke=(--smoke); fi
configuration=${BENCH_CONFIGURATION:-Release}
out=${BENCH_OUT:-$root/bench/results}
pivot=$(echo "$configuration" | tr '[:upper:]' '[:lower:]')
work=$(mktemp -d -t spindle-bench-XXXXXX)
pids=()

# The built dll of a project: bin PROJECT [ASSEMBLY].
bin() { echo "$root/artifacts/bin/$1/$pivot/${2:-$1}.dll"; }

# The published dll of a project (see publish): published PROJECT [ASSEMBLY].
published() { echo "$root/artifacts/published/$1/${2:-$1}.dll"; }

# Publishes the given projects to artifacts/published (ReadyToRun, as their project files ask), printing only errors,
# unless BENCH_NO_BUILD=1 finds them published already.
publish() {
  for project in "$@"; do
    local dir
    dir=$(dirname "$(published "$(basename "$project")")")
    [[ "${BENCH_NO_BUILD:-0}" == "1" && -d $dir ]] && continue
    dotnet publish "$project" -c "$configuration" -o "$dir" --nologo -v quiet -clp:ErrorsOnly
  done
}

# Builds the given projects quietly (printing only errors), unless BENCH_NO_BUILD=1.
build() {
  [[ "${BENCH_NO_BUILD:-0}" == "1" ]] && return 0
  for project in "$@"; do
    dotnet build "$project" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly >/dev/null || dotnet build "$project" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly
  done
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Kills the given processes and waits for them. Only real pids: kill 0 or -1 would signal a whole group, or everything.
stop() {
  for pid in "$@"; do [[ $pid =~ ^[1-9][0-9]*$ ]] && { kill "$pid" 2>/dev/null || true; }; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

# Waits for each URL's /healthz; gives up, printing every log, after a minute or when a process in pids exits.
wait_healthy() {
  for url in "$@"; do
    for _ in $(seq 600); do
      if curl -fs "$url/healthz" >/dev/null 2>&1; then continue 2; fi
      for pid in ${pids[@]}; do kill -0 "$pid" 2>/dev/null || break 2; done
      sleep 0.1
    done
    echo "$(basename "$0"): $url did not answer /healthz (or a server exited)" >&2
    cat "$work"/*.log >&2
    exit 1
  done
}
