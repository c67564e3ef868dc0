#!/usr/bin/env bash
# Issue 7, point 7: page, search and related-article latency on a store of a
# million articles (SQLite). Two views:
#  1. the store's reads, call by call (bench/store_latency): GetArticle,
#     RelatedArticles, the home page's list, Search (first and second time);
#  2. through the site (`herald serve`), with curl: the first request of 200
#     random article pages (rendered, related list included: nothing cached)
#     and of the generator's 200 search queries, then the home page.
# Usage: bench/million_bench.sh [BUILD_DIR] [ARTICLES]
#   BUILD_DIR: a Release build with -DHERALD_BENCH=ON (herald, gen_articles,
#   store_latency); ARTICLES default 1000000.
# Env: HERALD_BENCH_DATA (default BUILD_DIR/million-bench-data; generated once,
# about 9 minutes and 11 GB here, with 8 paragraphs an article), HERALD_PORT
# (default 18095).
set -euo pipefail
build="${1:-build}"
articles="${2:-1000000}"
herald="$build/herald"
gen="$build/bench/gen_articles"
latency="$build/bench/store_latency"
data="${HERALD_BENCH_DATA:-$build/million-bench-data}"
port="${HERALD_PORT:-18095}"
. "$(dirname "$0")/lib.sh"
need_built "$build" herald bench/gen_articles bench/store_latency
need_commands curl
ensure_store "$gen" "$data" "$articles" --paragraphs 8  # 8 paragraphs an article

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); herald $(git -C "$(dirname "$0")/.." rev-parse --short HEAD 2>/dev/null || echo '?'); store $(du -sh "$data" | cut -f1)"
echo
echo "== 1. store reads"
"$latency" --data "$data"

work="$(mktemp -d /tmp/herald-million-bench-XXXXXX)"
server=""
cleanup() {
  [ -z "$server" ] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
"$herald" serve --data "$data" --listen "127.0.0.1:$port" 2>"$work/herald.log" &
server=$!
wait_for "http://127.0.0.1:$port/healthz"

# summarize NAME FILE: count, p50, p90, p99 and max of curl's times (s -> ms).
summarize() {
  sort -n "$2" | awk -v name="$1" '{ t[NR] = $1 * 1000 } END {
    printf "%-34s %6d %9.2f %9.2f %9.2f %9.2f\n", name, NR, t[int(NR * 0.5 + 0.5)], t[int(NR * 0.9 + 0.5)],
      t[int(NR * 0.99 + 0.5)], t[NR] }'
}
echo
echo "== 2. through the site, first request of each page (ms)"
printf '%-34s %6s %9s %9s %9s %9s\n' request count p50 p90 p99 max
awk -v n="$articles" 'BEGIN { srand(29); for (i = 0; i < 200; i++) print int(1 + rand() * n) }' >"$work/ids"
while read -r id; do
  curl -fsS -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/article/$id" >>"$work/article.txt"
done <"$work/ids"
summarize "article page (uncached)" "$work/article.txt"
while IFS= read -r q; do
  curl -fsS -o /dev/null -w '%{time_total}\n' -G --data-urlencode "q=$q" "http://127.0.0.1:$port/search" >>"$work/search.txt"
done <"$data/queries.txt"
summarize "search page (uncached)" "$work/search.txt"
for _ in $(seq 50); do curl -fsS -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/" >>"$work/home.txt"; done
summarize "home page (first uncached, then cached)" "$work/home.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
