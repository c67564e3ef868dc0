#!/usr/bin/env bash
# Issue 5, item 11: the site against nginx serving saved copies of the same
# pages, in the same run, over loopback. On a store of 100,000 generated
# articles: the article page and the home page (herald vs nginx), then search
# cycling through 200 distinct queries (herald alone).
# Usage: bench/web_bench.sh [BUILD_DIR] [DURATION]
#   BUILD_DIR: a Release build with -DHERALD_BENCH=ON (targets herald, gen_articles)
#   DURATION:  wrk -d value, default 30s
# Env: HERALD_BENCH_DATA (store directory, reused between runs; default
# BUILD_DIR/web-bench-data), HERALD_BENCH_ARTICLES (default 100000),
# HERALD_PORT / NGINX_PORT (default 18080 / 18081).
set -euo pipefail
build="${1:-build}"
duration="${2:-30s}"
herald="$build/herald"
gen="$build/bench/gen_articles"
articles="${HERALD_BENCH_ARTICLES:-100000}"
data="${HERALD_BENCH_DATA:-$build/web-bench-data}"
herald_port="${HERALD_PORT:-18080}"
nginx_port="${NGINX_PORT:-18081}"
here="$(cd "$(dirname "$0")" && pwd)"

. "$here/lib.sh"
need_built "$build" herald bench/gen_articles
need_commands wrk nginx curl

work="$(mktemp -d /tmp/herald-web-bench-XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

ensure_store "$gen" "$data" "$articles"

"$herald" serve --data "$data" --listen "127.0.0.1:$herald_port" 2> "$work/herald.log" &
pids+=($!)
wait_for "http://127.0.0.1:$herald_port/"

# A middle article, neither on the home page nor the oldest; English (the
# generator makes every fifth article Chinese, ids 5, 10, ...).
article="/article/$((articles / 2 + 1))"
mkdir -p "$work/www"
curl -fsS -o "$work/www/article.html" "http://127.0.0.1:$herald_port$article"
curl -fsS -o "$work/www/index.html" "http://127.0.0.1:$herald_port/"

# Run as root, nginx's workers switch to an unprivileged user: they must read the copies.
chmod a+rx "$work" "$work/www"
chmod a+r "$work/www"/*.html

cat > "$work/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location = / { try_files /index.html =404; }
    location /article/ { try_files /article.html =404; }
  }
}
CONF
nginx -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log" 2> "$work/nginx-start.log" &
pids+=($!)
wait_for "http://127.0.0.1:$nginx_port/" || { cat "$work/nginx-start.log" "$work/nginx-error.log" >&2; exit 1; }

# Search: 200 distinct queries, each request the next one.
cat > "$work/search.lua" <<LUA
local queries = {}
for line in io.lines("$data/queries.txt") do
  -- encoded as curl --data-urlencode does, so the cold pass below names the same pages
  local encoded = line:gsub("[^%w%-%._~ ]", function(c) return string.format("%%%02x", string.byte(c)) end)
  queries[#queries + 1] = encoded:gsub(" ", "+")
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/search?q=" .. queries[(n % #queries) + 1])
end
LUA

# The first request of each query (nothing cached): curl's total time.
cold="$work/cold.txt"
while IFS= read -r q; do
  curl -fsS -o /dev/null -w '%{time_total}\n' -G --data-urlencode "q=$q" "http://127.0.0.1:$herald_port/search" >> "$cold"
done < "$data/queries.txt"

# wrk's "Requests/sec" and the 99% latency line, in ms.
run_wrk() {  # NAME URL [wrk args...]
  local name="$1" url="$2"
  shift 2
  local out="$work/wrk-$name.txt"
  wrk -t2 -c64 -d"$duration" --latency "$@" "$url" > "$out"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000} printf "%.2f", v}' "$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$out" | tr '\n' ' ')
  echo "$name $rps $p99 $errors"
}

load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "web_bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before: $load"
echo "article page: $article, $(wc -c < "$work/www/article.html") bytes; home page: $(wc -c < "$work/www/index.html") bytes"
results="$work/results.txt"
run_wrk herald-article "http://127.0.0.1:$herald_port$article" | tee -a "$results"
run_wrk nginx-article "http://127.0.0.1:$nginx_port$article" | tee -a "$results"
run_wrk herald-home "http://127.0.0.1:$herald_port/" | tee -a "$results"
run_wrk nginx-home "http://127.0.0.1:$nginx_port/" | tee -a "$results"
run_wrk herald-search "http://127.0.0.1:$herald_port" -s "$work/search.lua" | tee -a "$results"

sort -n "$cold" | awk '{v[NR]=$1*1000} END {printf "search, first request of each of %d queries (uncached): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, v[int(NR*0.5)], v[int(NR*0.99)], v[NR]}'
echo
awk -v dur="$duration" '
  {rps[$1]=$2; p99[$1]=$3; extra[$1]=$4 " " $5 " " $6 " " $7}
  END {
    printf "| page | herald req/s | herald p99 | nginx req/s | nginx p99 | herald/nginx |\n"
    printf "|---|---:|---:|---:|---:|---:|\n"
    split("article home", pages, " ")
    for (i = 1; i <= 2; i++) {
      p = pages[i]
      printf "| %s | %.0f | %.2f ms | %.0f | %.2f ms | %.0f%% |\n", p, rps["herald-" p], p99["herald-" p], rps["nginx-" p], p99["nginx-" p], 100 * rps["herald-" p] / rps["nginx-" p]
    }
    printf "| search (200 queries) | %.0f | %.2f ms | - | - | - |\n", rps["herald-search"], p99["herald-search"]
  }' "$results"
grep -h "Non-2xx\|Socket errors" "$work"/wrk-*.txt && echo "(errors above)" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
