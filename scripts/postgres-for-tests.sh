#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and prints the
# environment to use it. Installs Debian's postgresql when it is missing.
#   eval "$(scripts/postgres-for-tests.sh start)"   # exports the variables
#   scripts/postgres-for-tests.sh stop
set -euo pipefail

PGPORT="${TEST_PGPORT:-54329}"
PGDATA_DIR="${TEST_PGDATA:-/tmp/securityhub-remediation-pg}"
PGPASSWORD_VALUE="postgres"

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "PostgreSQL is not installed; installing Debian's postgresql…" >&2
    if [ "$(id -u)" -ne 0 ]; then
      echo "Need root to apt-get install postgresql (or install it yourself)." >&2
      exit 1
    fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

start() {
  local bin major
  bin=$(find_bin)
  major=$(basename "$(dirname "$bin")")
  if ! as_postgres "$bin/pg_isready -q -h 127.0.0.1 -p $PGPORT" 2>/dev/null; then
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA_DIR"
    local pwfile="$PGDATA_DIR.pw"
    echo "$PGPASSWORD_VALUE" > "$pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pwfile"
    as_postgres "$bin/initdb -D $PGDATA_DIR -U postgres --pwfile=$pwfile -A scram-sha-256 >/dev/null"
    rm -f "$pwfile"
    # Tuned for a throw-away test server: no durability needed.
    as_postgres "$bin/pg_ctl -D $PGDATA_DIR -l $PGDATA_DIR/server.log -w \
      -o '-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' start >/dev/null"
  fi
  echo "export BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres:${PGPASSWORD_VALUE}@127.0.0.1:${PGPORT}"
  echo "export REQUIRE_POSTGRES=1"
}

stop() {
  local bin
  bin=$(find_bin)
  as_postgres "$bin/pg_ctl -D $PGDATA_DIR -m fast stop >/dev/null" || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
