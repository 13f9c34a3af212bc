#!/usr/bin/env bash
# Stops or starts again, keeping its data and port, the server scripts/start-postgres.sh started in DIR.
# Tests use it to take the database away from a running Spindle and give it back.
#
#   scripts/pause-postgres.sh DIR stop|start
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${1:?usage: pause-postgres.sh DIR stop|start}
ACTION=${2:?usage: pause-postgres.sh DIR stop|start}
DATA=$DIR/data

[[ -f $DIR/env ]] || { echo "pause-postgres: $DIR holds no server of start-postgres.sh" >&2; exit 1; }
PORT=$(sed -n 's/.*;Port=\([0-9]*\);.*/\1/p' "$DIR/env")
OS_USER=$(stat -c %U "$DATA")

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

case $ACTION in
  stop) as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null ;;
  start)
    as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null ;;
  *) echo "pause-postgres: ACTION must be stop or start, not $ACTION" >&2; exit 1 ;;
esac
