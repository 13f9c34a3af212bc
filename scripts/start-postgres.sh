#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for the storage tests and prints its connection string.
#
#   scripts/start-postgres.sh [DIR]      DIR defaults to ${TMPDIR:-/tmp}/spindle-pg
#
# The server listens on 127.0.0.1 only, on a free port, with its socket in DIR and its data in DIR/data.
# Stdout gets exactly one line, also written to DIR/env:
#   SPINDLE_TEST_POSTGRES=Host=127.0.0.1;Port=…;Username=spindle;Password=…;Database=spindle_test
# If DIR already holds a running server, that server's line is printed again. Stop it with stop-postgres.sh DIR.
# Durability is switched off (fsync, synchronous_commit): the data is thrown away.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${1:-${TMPDIR:-/tmp}/spindle-pg}
DATA=$DIR/data
ENV_FILE=$DIR/env
PG_USER_NAME=spindle
DATABASE=spindle_test

log() { echo "start-postgres: $*" >&2; }

for tool in initdb pg_ctl postgres createdb; do
  if [[ ! -x $PG_BIN/$tool ]]; then
    log "PostgreSQL 15 server binaries are missing ($PG_BIN/$tool not found)."
    log "Install them with scripts/install-deps.sh (Debian package 'postgresql'), or set PG_BIN."
    exit 2
  fi
done

# PostgreSQL refuses to run as root: run it as 'postgres' (Debian's package user), else a system user of our own.
OS_USER=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  if id -u postgres >/dev/null 2>&1; then
    OS_USER=postgres
  else
    OS_USER=spindle-pg
    id -u "$OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
  fi
fi

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

if [[ -f $ENV_FILE ]] && as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  cat "$ENV_FILE"
  exit 0
fi

rm -rf "$DATA" "$ENV_FILE"
mkdir -p "$DIR"
chmod 700 "$DIR"
[[ $(id -u) -eq 0 ]] && chown "$OS_USER" "$DIR"
if ! as_pg test -w "$DIR"; then
  log "$OS_USER cannot write $DIR (is a parent folder closed to it?); pass a DIR under /tmp."
  exit 1
fi

PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
PWFILE=$DIR/pwfile
printf '%s\n' "$PASSWORD" >"$PWFILE"
[[ $(id -u) -eq 0 ]] && chown "$OS_USER" "$PWFILE"
chmod 600 "$PWFILE"
as_pg "$PG_BIN/initdb" -D "$DATA" -U "$PG_USER_NAME" --pwfile="$PWFILE" \
  --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
rm -f "$PWFILE"

# A port can be taken between choosing it and binding it, so a failed start tries another.
PORT=
for _ in 1 2 3 4 5 6 7 8 9 10; do
  candidate=$((20000 + RANDOM % 40000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    continue
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $candidate -k $DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null 2>&1; then
    PORT=$candidate
    break
  fi
  log "port $candidate did not work; trying another"
done
if [[ -z $PORT ]]; then
  log "PostgreSQL did not start; its log:"
  cat "$DIR/server.log" >&2 || true
  exit 1
fi

"$PG_BIN/createdb" -h "$DIR" -p "$PORT" -U "$PG_USER_NAME" "$DATABASE"

LINE="SPINDLE_TEST_POSTGRES=Host=127.0.0.1;Port=$PORT;Username=$PG_USER_NAME;Password=$PASSWORD;Database=$DATABASE"
printf '%s\n' "$LINE" >"$ENV_FILE"
chmod 600 "$ENV_FILE"
log "PostgreSQL is up on 127.0.0.1:$PORT (data in $DATA); stop it with scripts/stop-postgres.sh $DIR"
printf '%s\n' "$LINE"
