#!/bin/sh
# ctest: the throwaway PostgreSQL cluster the PostgreSQL tests run against
# (scripts/pg-test-cluster.sh) starts on loopback as a non-root user, speaks
# UTF-8 with a locale under which pg_trgm cuts Chinese text into trigrams,
# and is gone after stop.
set -eu
script="$1/scripts/pg-test-cluster.sh"
dir="$(mktemp -u /tmp/herald-pg-XXXXXX)"
trap '"$script" stop "$dir" >/dev/null 2>&1 || true' EXIT
url="$("$script" start "$dir")"
case "$url" in postgresql://herald@127.0.0.1:*/herald_test) ;; *) echo "FAIL: unexpected URL '$url'"; exit 1 ;; esac
psql=/usr/lib/postgresql/15/bin/psql
answer="$("$psql" "$url" -Atc "SELECT current_setting('server_encoding'), current_setting('lc_ctype'), cardinality(show_trgm('台风过境')) > 0, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), inet_server_addr()")"
echo "server: $answer"
[ "$answer" = "UTF8|C.UTF-8|t|t|127.0.0.1" ] || { echo "FAIL: expected UTF8|C.UTF-8|t|t|127.0.0.1"; exit 1; }
owner="$(stat -c %U "$dir/data")"
[ "$owner" != root ] || { echo "FAIL: the cluster runs as root"; exit 1; }
"$script" stop "$dir"
[ ! -e "$dir" ] || { echo "FAIL: $dir left behind"; exit 1; }
echo "ok: cluster started as $owner, answered, stopped and removed"
