#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for the tests (issue 7).
#
#   scripts/pg-test-cluster.sh start DIR   # prints the connection URL
#   scripts/pg-test-cluster.sh stop DIR    # stops it and deletes DIR
#
# The cluster lives in DIR (created; must not exist), listens on 127.0.0.1
# on a free port with its socket in DIR, trusts local connections, and has a
# database "herald_test" with pg_trgm. It is initialised UTF-8 with the
# C.UTF-8 locale, which pg_trgm needs to cut Chinese and Japanese text into
# trigrams. PostgreSQL refuses to run as root: under root (as in CI) the
# server runs as the "postgres" user that Debian's package creates.
# PG_CLUSTER_DURABLE=1 keeps PostgreSQL's durable defaults (fsync, synchronous
# commit, full-page writes) and 128 MB of shared buffers: for benchmarks, so
# that PostgreSQL commits as safely as SQLite does.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2
[[ -x $bin/initdb ]] || { echo "pg-test-cluster: PostgreSQL 15 is not installed; run scripts/install-deps.sh" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
  [[ ! -e $dir ]] || { echo "pg-test-cluster: $dir exists; give a new directory" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ $(id -u) -ne 0 ]] || chown postgres: "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U herald -A trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # Throwaway data: no fsync, small shared memory, no logging collector.
  settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
  [[ ${PG_CLUSTER_DURABLE:-0} != 1 ]] || settings="-c shared_buffers=128MB"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 $settings" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "$port" > "$dir/port"
  as_owner "$bin/createdb" -h "$dir" -p "$port" -U herald herald_test
  as_owner "$bin/psql" -q -h "$dir" -p "$port" -U herald -d herald_test -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
  echo "postgresql://herald@127.0.0.1:$port/herald_test"
  ;;
stop)
  [[ -d $dir/data ]] || { echo "pg-test-cluster: no cluster in $dir" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) usage ;;
esac
