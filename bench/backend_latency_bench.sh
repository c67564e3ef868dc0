#!/usr/bin/env bash
# Issue 7: the store's reads on PostgreSQL beside SQLite, in the same run, on
# the same generated articles (bench/gen_articles is deterministic): how long
# writing them took, then bench/store_latency on each backend (GetArticle,
# RelatedArticles, the home page's list, Search first and second time).
# PostgreSQL is a throwaway durable cluster on loopback (scripts/
# pg-test-cluster.sh with PG_CLUSTER_DURABLE=1: fsync on, 128 MB shared
# buffers), stopped at exit. Both run on this machine's 2 cores; neither is
# tuned beyond that.
# Usage: bench/backend_latency_bench.sh [BUILD_DIR] [ARTICLES]
#   BUILD_DIR: a Release build with -DHERALD_BENCH=ON (gen_articles,
#   store_latency); ARTICLES default 100000 (8 paragraphs each).
set -euo pipefail
build="${1:-build}"
articles="${2:-100000}"
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
need_built "$build" bench/gen_articles bench/store_latency
need_commands psql

work="$(mktemp -d /tmp/herald-backend-bench-XXXXXX)"
chmod a+rx "$work"  # the cluster runs as an unprivileged user
cleanup() {
  [ ! -d "$work/pg" ] || "$here/../scripts/pg-test-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pg_url=$(PG_CLUSTER_DURABLE=1 "$here/../scripts/pg-test-cluster.sh" start "$work/pg")

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); herald $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo '?'); $articles articles, 8 paragraphs each"
for backend in sqlite postgresql; do
  dir="$work/$backend"
  target=()
  [ "$backend" = sqlite ] || target=(--url "$pg_url")
  start=$(date +%s%N)
  "$build/bench/gen_articles" --data "$dir" "${target[@]}" --count "$articles" --paragraphs 8 >/dev/null
  echo
  echo "== $backend: written in $(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s"
  "$build/bench/store_latency" --data "$dir" "${target[@]}"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
