#!/usr/bin/env bash
# Issue 7, point 7: ingest throughput with 1, 2 and 4 `herald worker`
# processes on SQLite and on PostgreSQL. The feed farm (bench/feed_farm)
# serves FEEDS feeds on as many loopback addresses, ITEMS items each, and an
# article page per item; every run starts from an empty store with the farm's
# OPML imported, starts N workers together and stops them (SIGTERM) once every
# item is stored with its page fetched and extracted and no job is left.
# Reported per run: wall time from start to done, articles per second, the
# workers' CPU time (user + system, summed), the whole machine's CPU time over
# the run (workers, PostgreSQL and the farm) and CPU ms per article: how cost
# grows with work. Checked per run: every article stored once, every page
# fetched once (the farm's counter), no page given up.
# Usage: bench/ingest_scale_bench.sh [BUILD_DIR] [FEEDS] [ITEMS]
#   BUILD_DIR holds herald and bench/feed_farm (-DHERALD_BENCH=ON); defaults
#   build, 500 feeds, 10 items (5,000 articles).
# PostgreSQL: a cluster started here with scripts/pg-test-cluster.sh in
# durable mode (fsync on), stopped at exit. Politeness stays at its defaults
# (250 ms between requests to one host, shared by all workers).
set -euo pipefail
build="${1:-build}"
feeds="${2:-500}"
items="${3:-10}"
herald="$build/herald"
farm="$build/bench/feed_farm"
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
need_built "$build" herald bench/feed_farm
need_commands curl sqlite3 psql
expected=$((feeds * items))

work="$(mktemp -d /tmp/herald-ingest-bench-XXXXXX)"
chmod a+rx "$work"
farm_pid=""
workers=()
cleanup() {
  for pid in "${workers[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "$farm_pid" ] || kill "$farm_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  [ ! -d "$work/pg" ] || "$here/../scripts/pg-test-cluster.sh" stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_farm "$farm" "$work" --feeds "$feeds" --hosts "$feeds" --items "$items"
port=$farm_port
stats() { curl -sf "http://127.0.0.1:$port/stats$1"; }
field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\([-0-9.]*\).*/\1/p"; }

pg_url=$(PG_CLUSTER_DURABLE=1 "$here/../scripts/pg-test-cluster.sh" start "$work/pg")
pg_admin="${pg_url%/*}/postgres"

ticks=$(getconf CLK_TCK)
machine_cpu() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }  # user nice system irq softirq, in ticks
process_cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }                   # utime + stime, in ticks

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem/ { print $2 }') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "herald $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo '?'); farm: $feeds feeds on $feeds addresses, $items items each: $expected articles"
printf '%-10s %7s %8s %12s %12s %14s %14s\n' backend workers wall_s articles/s worker_cpu_s machine_cpu_s cpu_ms/article

# run BACKEND N: one measured run from an empty store.
run() {
  local backend=$1 n=$2 dir="$work/run-$1-$2"
  mkdir -p "$dir"
  {
    echo "[fetch]"
    echo "allow_private_networks = true"
    echo "[worker]"
    echo "poll_seconds = 1"
  } >"$dir/herald.toml"
  count_articles() { sqlite3 "$dir/herald.db" 'SELECT count(*) FROM articles' 2>/dev/null || echo 0; }
  if [ "$backend" = postgresql ]; then
    local db="bench_${n}_$$"
    psql -q "$pg_admin" -c "CREATE DATABASE $db" >/dev/null
    printf '[store]\nurl = "%s"\n' "${pg_url%/*}/$db" >>"$dir/herald.toml"
    count_articles() { psql -qtA "${pg_url%/*}/$db" -c 'SELECT count(*) FROM articles' 2>/dev/null || echo 0; }
  fi
  "$herald" --config "$dir/herald.toml" --data "$dir" sources import-opml "$work/feeds.opml" >"$dir/import.log" 2>&1 ||
    { echo "import failed: $(tail -3 "$dir/import.log")" >&2; exit 1; }
  stats '?reset=1' >/dev/null
  local cpu0 t0 t1 cpu1 worker_ticks=0
  cpu0=$(machine_cpu)
  t0=$(date +%s.%N)
  workers=()
  for i in $(seq "$n"); do
    "$herald" --config "$dir/herald.toml" --data "$dir" worker >"$dir/worker$i.log" 2>&1 &
    workers+=($!)
  done
  # Done: every article stored, every page fetched, nothing queued or being fetched.
  local deadline=$((SECONDS + 900))
  while :; do
    local pages queue
    pages=$(field "$(stats '')" article_200)
    if [ "${pages:-0}" -ge "$expected" ] && [ "$(count_articles)" -ge "$expected" ]; then
      queue=$("$herald" --config "$dir/herald.toml" --data "$dir" jobs 2>/dev/null || true)
      case $queue in *" 0 waiting, 0 being fetched"*) break ;; esac
    fi
    [ "$SECONDS" -lt "$deadline" ] || { echo "$backend x$n: not done after 900 s; see $dir/worker1.log" >&2; tail -5 "$dir/worker1.log" >&2; exit 1; }
    sleep 0.2
  done
  t1=$(date +%s.%N)
  cpu1=$(machine_cpu)
  for pid in "${workers[@]}"; do worker_ticks=$((worker_ticks + $(process_cpu "$pid"))); done
  for pid in "${workers[@]}"; do kill -TERM "$pid"; done
  for pid in "${workers[@]}"; do wait "$pid" || { echo "a worker exited with an error; see $dir" >&2; exit 1; }; done
  workers=()
  local counters stored given_up
  counters=$(stats '')
  stored=$(count_articles)
  given_up=$("$herald" --config "$dir/herald.toml" --data "$dir" jobs | sed -n 's/.*, \([0-9]*\) given up.*/\1/p')
  awk -v b="$backend" -v n="$n" -v t0="$t0" -v t1="$t1" -v e="$expected" -v w="$worker_ticks" \
      -v m="$((cpu1 - cpu0))" -v hz="$ticks" 'BEGIN {
    wall = t1 - t0
    printf "%-10s %7d %8.2f %12.0f %12.2f %14.2f %14.2f\n", b, n, wall, e / wall, w / hz, m / hz, 1000 * m / hz / e }'
  local check=""
  [ "$stored" = "$expected" ] || check+=" stored $stored of $expected articles;"
  [ "$(field "$counters" article_200)" = "$expected" ] || check+=" the farm served $(field "$counters" article_200) pages for $expected;"
  [ "$(field "$counters" feed_200)" = "$feeds" ] || check+=" the farm served $(field "$counters" feed_200) feeds for $feeds;"
  [ "$given_up" = 0 ] || check+=" $given_up pages given up;"
  [ -z "$check" ] || { echo "  CHECK FAILED:$check" >&2; exit 1; }
}

for backend in sqlite postgresql; do
  for n in 1 2 4; do run "$backend" "$n"; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
