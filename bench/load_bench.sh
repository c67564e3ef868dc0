#!/usr/bin/env bash
# Issue 7, point 7: mixed traffic while ingest runs. One `herald run` (the
# single-process default: site and ingest in one process, SQLite) serves a
# store of generated articles (bench/gen_articles) while it ingests a feed
# farm (bench/feed_farm: FEEDS feeds of 20 items on 500 loopback addresses,
# every item's page fetched and extracted). Four wrk processes load it at
# once for DURATION, one per kind of request, so each kind gets its own
# latency figures: article pages (random ids), the home page, search (the
# generator's 200 queries in turn) and the JSON API (lists, single articles
# and search in turn). Fails when any request failed (socket error, timeout,
# or a status other than 2xx/3xx; wrk's timeout is 10 s) or when ingest
# stopped before the load did. Article ids are drawn uniformly from the whole
# store, so nearly every article request renders a page (the worst case for
# the page cache; real traffic favours recent articles).
# Usage: bench/load_bench.sh [BUILD_DIR] [DURATION]
#   BUILD_DIR: a Release build with -DHERALD_BENCH=ON (herald, gen_articles,
#   feed_farm); DURATION: wrk -d, default 60s.
# Env: HERALD_BENCH_DATA (the generated store, reused and copied per run;
# default BUILD_DIR/web-bench-data, as bench/web_bench.sh), HERALD_BENCH_ARTICLES
# (default 100000), FEEDS (default 2000: 40,000 items, more than a minute of
# ingest here), HERALD_PORT (default 18090), RECHECK_MS ([site]
# page_cache_recheck_ms; default: herald's own, 100).
set -euo pipefail
build="${1:-build}"
duration="${2:-60s}"
herald="$build/herald"
gen="$build/bench/gen_articles"
farm="$build/bench/feed_farm"
articles="${HERALD_BENCH_ARTICLES:-100000}"
data="${HERALD_BENCH_DATA:-$build/web-bench-data}"
feeds="${FEEDS:-2000}"
port="${HERALD_PORT:-18090}"
. "$(dirname "$0")/lib.sh"
need_built "$build" herald bench/gen_articles bench/feed_farm
need_commands wrk curl sqlite3

work="$(mktemp -d /tmp/herald-load-bench-XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_store "$gen" "$data" "$articles"
# Ingest writes to the store: each run gets its own copy.
mkdir -p "$work/data"
cp "$data/herald.db" "$data/queries.txt" "$work/data/"

start_farm "$farm" "$work" --feeds "$feeds" --hosts 500 --items 20
pids+=("$farm_pid")
farm_pages() { curl -sf "http://127.0.0.1:$farm_port/stats" | sed -n 's/.*"article_200":\([0-9]*\).*/\1/p'; }
stored() { sqlite3 "$work/data/herald.db" 'SELECT count(*) FROM articles'; }

printf '[fetch]\nallow_private_networks = true\n' >"$work/herald.toml"
[ -z "${RECHECK_MS:-}" ] || printf '[site]\npage_cache_recheck_ms = %s\n' "$RECHECK_MS" >>"$work/herald.toml"
"$herald" --config "$work/herald.toml" --data "$work/data" sources import-opml "$work/feeds.opml" >"$work/import.log" 2>&1 ||
  { echo "import failed: $(tail -3 "$work/import.log")" >&2; exit 1; }
before=$(stored)

"$herald" --config "$work/herald.toml" --data "$work/data" --listen "127.0.0.1:$port" run >"$work/herald.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -fsS -o /dev/null "$base/" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/" || { echo "herald does not answer; its log:" >&2; tail -5 "$work/herald.log" >&2; exit 1; }
# Load starts once ingest is fetching pages.
for _ in $(seq 600); do [ "$(farm_pages)" -gt 0 ] && break; sleep 0.1; done
[ "$(farm_pages)" -gt 0 ] || { echo "ingest fetched no article page in 60 s; herald's log:" >&2; tail -5 "$work/herald.log" >&2; exit 1; }

# Lua request generators: one per kind.
cat >"$work/common.lua" <<LUA
function load_queries()
  local queries = {}
  for line in io.lines("$work/data/queries.txt") do
    local encoded = line:gsub("[^%w%-%._~ ]", function(c) return string.format("%%%02x", string.byte(c)) end)
    queries[#queries + 1] = encoded:gsub(" ", "+")
  end
  return queries
end
LUA
cat >"$work/article.lua" <<LUA
math.randomseed(1)
request = function() return wrk.format("GET", "/article/" .. math.random(1, $articles)) end
LUA
cat >"$work/search.lua" <<LUA
dofile("$work/common.lua")
local queries = load_queries()
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/search?q=" .. queries[(n % #queries) + 1])
end
LUA
cat >"$work/api.lua" <<LUA
dofile("$work/common.lua")
local queries = load_queries()
math.randomseed(2)
local n = 0
request = function()
  n = n + 1
  local kind = n % 3
  if kind == 0 then return wrk.format("GET", "/api/v1/articles?limit=20") end
  if kind == 1 then return wrk.format("GET", "/api/v1/articles/" .. math.random(1, $articles)) end
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(n % #queries) + 1])
end
LUA

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); herald $(git -C "$(dirname "$0")/.." rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "page cache recheck: ${RECHECK_MS:-100 (default)} ms"
echo "store: $articles generated articles; ingest: $feeds feeds x 20 items from the farm, $(farm_pages) pages fetched before the load"
pages0=$(farm_pages)
t0=$(date +%s.%N)
wrk -t1 -c8 -d"$duration" --timeout 10s --latency -s "$work/article.lua" "$base" >"$work/wrk-article.txt" 2>&1 &
w1=$!
wrk -t1 -c8 -d"$duration" --timeout 10s --latency "$base/" >"$work/wrk-home.txt" 2>&1 &
w2=$!
wrk -t1 -c8 -d"$duration" --timeout 10s --latency -s "$work/search.lua" "$base" >"$work/wrk-search.txt" 2>&1 &
w3=$!
wrk -t1 -c8 -d"$duration" --timeout 10s --latency -s "$work/api.lua" "$base" >"$work/wrk-api.txt" 2>&1 &
w4=$!
wait "$w1" "$w2" "$w3" "$w4"
t1=$(date +%s.%N)
pages1=$(farm_pages)
after=$(stored)

failed=0
printf '\n%-8s %9s %9s %9s %9s %9s %9s\n' kind requests req/s p50 p99 max errors
for kind in article home search api; do
  f="$work/wrk-$kind.txt"
  requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$f")
  rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$f")
  p50=$(awk '$1 == "50%" { print $2 }' "$f")
  p99=$(awk '$1 == "99%" { print $2 }' "$f")
  max=$(awk '$1 == "Latency" { print $4; exit }' "$f")
  socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$f" |
    awk '{ print $1 + $2 + $3 + $4 }')
  status=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$f")
  errors=$(( ${socket:-0} + ${status:-0} ))
  printf '%-8s %9s %9s %9s %9s %9s %9s\n' "$kind" "$requests" "$rate" "$p50" "$p99" "$max" "$errors"
  [ -n "$requests" ] || { echo "wrk ($kind) printed no result:" >&2; cat "$f" >&2; failed=1; }
  [ "$errors" -eq 0 ] || { echo "  FAILED: $kind had $errors failed requests:" >&2; grep -E 'Socket|Non-2xx' "$f" >&2; failed=1; }
done
awk -v p="$((pages1 - pages0))" -v s="$((after - before))" -v t0="$t0" -v t1="$t1" 'BEGIN {
  printf "\ningest during the load: %d article pages fetched (%.0f/s); %d new articles stored since the start of run\n", p, p / (t1 - t0), s }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Ingest must have run for the whole load, not finished early.
last=$(farm_pages); sleep 2
[ "$(farm_pages)" -gt "$last" ] || { echo "  FAILED: ingest was not running at the end of the load (make FEEDS larger)" >&2; failed=1; }
grep -qiE '"level":"(error|critical)"|\] \[(error|critical)\]' "$work/herald.log" && { echo "  herald logged errors:" >&2; grep -iE 'error|critical' "$work/herald.log" | head -5 >&2; failed=1; }
exit "$failed"
