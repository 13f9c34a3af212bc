#!/usr/bin/env bash
# Stops the server scripts/start-postgres.sh started in DIR and removes DIR.
#
#   scripts/stop-postgres.sh [DIR]       DIR defaults to ${TMPDIR:-/tmp}/spindle-pg
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${1:-${TMPDIR:-/tmp}/spindle-pg}
DATA=$DIR/data

if [[ ! -d $DIR ]]; then
  exit 0
fi

if [[ -f $DATA/postmaster.pid ]]; then
  OS_USER=$(stat -c %U "$DATA")
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$OS_USER" -- "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  else
    "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  fi
fi

rm -rf "$DIR"
