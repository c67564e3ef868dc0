#!/bin/sh
# Issue 4, benchmark 10(b): refresh of 2,000 feeds spread over 500 loopback
# addresses, herald (`ingest --once`, default per-host politeness) vs newsboat
# 2.21 (`-x reload`, 2 reload threads), on the same feed farm (bench/feed_farm).
# A cold run (empty data: every feed answered 200) and a warm run (every feed
# answered 304) per tool, tools alternating, ROUNDS rounds; wall time, CPU
# time (user + system: what the run cost, steadier than wall time when other
# work shares the cores) and peak RSS from /usr/bin/time. The farm's counters are printed after every run so
# that both tools are seen doing the same work.
# Usage: bench/refresh_bench.sh [BUILD_DIR] [ROUNDS]
#   BUILD_DIR must hold herald and bench/feed_farm (configure with -DHERALD_BENCH=ON).
set -eu
build="${1:-build}"
rounds="${2:-3}"
herald="$build/herald"
farm="$build/bench/feed_farm"
newsboat=/usr/bin/newsboat
. "$(dirname "$0")/lib.sh"
need_built "$build" herald bench/feed_farm
need_commands "$newsboat" /usr/bin/time curl sqlite3

work=$(mktemp -d "${TMPDIR:-/tmp}/refresh-bench.XXXXXX")
farm_pid=""
cleanup() {
  if [ -n "$farm_pid" ]; then kill "$farm_pid" 2>/dev/null || true; wait "$farm_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_farm "$farm" "$work"
port=$farm_port
feeds=$(wc -l <"$work/urls")
stats() { curl -sf "http://127.0.0.1:$port/stats$1"; }
echo "farm: $feeds feeds on 500 addresses 127.0.0.1..127.0.1.244, port $port"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$newsboat" -v | head -1)"

# herald: its own data dir and config; politeness left at its defaults.
cat >"$work/herald.toml" <<'EOF'
[fetch]
allow_private_networks = true
article_pages = false
EOF
# An ingest of an empty data dir reads the config first, then stops for want
# of sources: it shows whether this herald knows article_pages.
mkdir -p "$work/probe"
"$herald" --config "$work/herald.toml" --data "$work/probe" ingest --once >/dev/null 2>"$work/probe.err" || true
if grep -q article_pages "$work/probe.err"; then
  echo "NOTE: this herald has no [fetch] article_pages; it fetches every article page too (the farm serves them)"
  printf '[fetch]\nallow_private_networks = true\n' >"$work/herald.toml"
elif ! grep -q 'no sources' "$work/probe.err"; then
  echo "herald rejects the benchmark config: $(cat "$work/probe.err")" >&2
  exit 1
fi

# newsboat: its own config, cache and home (nothing of the user's is read or written).
mkdir -p "$work/newsboat-home"
printf 'reload-threads 2\n' >"$work/newsboat.conf"

results="$work/results"
: >"$results"

# run TOOL PHASE ROUND: times one refresh, then prints and records its line.
run() {
  tool=$1 phase=$2 round=$3
  stats '?reset=1' >/dev/null
  case $tool in
    herald)
      set -- "$herald" --config "$work/herald.toml" --data "$work/herald-data" ingest --once ;;
    newsboat)
      set -- env HOME="$work/newsboat-home" "$newsboat" -u "$work/urls" -c "$work/newsboat-cache.db" \
        -C "$work/newsboat.conf" -x reload ;;
  esac
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$tool-$phase-$round.log" 2>&1; then
    echo "$tool $phase run $round failed; last lines of its output:" >&2
    tail -5 "$work/$tool-$phase-$round.log" >&2
    exit 1
  fi
  counters=$(stats '')
  case $tool in
    herald) stored=$(sqlite3 "$work/herald-data/herald.db" 'SELECT count(*) FROM articles') ;;
    newsboat) stored=$(sqlite3 "$work/newsboat-cache.db" 'SELECT count(*) FROM rss_item') ;;
  esac
  read -r secs user sys kib <"$work/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  field() { printf '%s' "$counters" | sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p"; }
  f200=$(field feed_200) f304=$(field feed_304) cond=$(field feed_conditional) pages=$(field article_200)
  gap=$(field min_host_gap_ms) busiest=$(field busiest_host_requests)
  printf '%-8s %-4s round %s: %6.2f s wall %6.2f s CPU %6.1f MiB | farm: %s feeds 200, %s 304, %s conditional, %s pages, busiest host %s requests, min gap %s ms | stored %s | load %s\n' \
    "$tool" "$phase" "$round" "$secs" "$cpu" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" "$f200" "$f304" "$cond" "$pages" "$busiest" "$gap" \
    "$stored" "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$tool $phase $round $secs $kib $cpu" >>"$results"
  # Both tools must do the whole job: every feed 200 cold, every feed 304 warm.
  if [ "$phase" = cold ] && [ "$f200" != "$feeds" ]; then echo "  CHECK FAILED: $f200 of $feeds feeds answered 200"; fi
  if [ "$phase" = warm ] && [ "$f304" != "$feeds" ]; then echo "  CHECK FAILED: $f304 of $feeds feeds answered 304"; fi
}

# newsboat 2.21 keeps no validators from a feed's first load (newsboat issue
# 2734: it updates the feed's row before creating it), so its second load is
# unconditional too and only the third sends If-None-Match. Its warm run
# therefore starts from a cache primed by one untimed extra load; the primed
# cache is kept and reused in later rounds (a run of 304s leaves it as it was).
prime_newsboat() {
  if [ ! -f "$work/newsboat-primed.db" ]; then
    env HOME="$work/newsboat-home" "$newsboat" -u "$work/urls" -c "$work/newsboat-cache.db" \
      -C "$work/newsboat.conf" -x reload >"$work/newsboat-prime.log" 2>&1
    cp "$work/newsboat-cache.db" "$work/newsboat-primed.db"
  fi
  cp "$work/newsboat-primed.db" "$work/newsboat-cache.db"
}

# Cold then warm for one tool, from empty data.
refresh_twice() {
  rm -rf "$work/herald-data" "$work/newsboat-cache.db" "$work/newsboat-cache.db.lock"
  if [ "$1" = herald ]; then
    "$herald" --config "$work/herald.toml" --data "$work/herald-data" sources import-opml "$work/feeds.opml" \
      >"$work/import.log" 2>&1 || { echo "import-opml failed: $(tail -3 "$work/import.log")" >&2; exit 1; }
  fi
  run "$1" cold "$2"
  [ "$1" = herald ] || prime_newsboat
  run "$1" warm "$2"
}

round=1
while [ "$round" -le "$rounds" ]; do
  # Tools take turns going first, so neither always meets a warmer machine.
  if [ $((round % 2)) -eq 1 ]; then refresh_twice herald "$round"; refresh_twice newsboat "$round"
  else refresh_twice newsboat "$round"; refresh_twice herald "$round"; fi
  round=$((round + 1))
done

# Medians (min..max) per tool and phase; herald/newsboat ratios per round.
awk -v rounds="$rounds" '
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; ++i) for (j = i + 1; j <= n; ++j) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function lo(list,   a, n, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; ++i) if (a[i] + 0 < m + 0) m = a[i]; return m }
  function hi(list,   a, n, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; ++i) if (a[i] + 0 > m + 0) m = a[i]; return m }
  function cell(list) { return sprintf("%.2f (%.2f..%.2f)", median(list), lo(list), hi(list)) }
  function ratios(what, phase,   r, out) {
    out = ""
    for (r = 1; r <= rounds; ++r)
      if (((tool_n = "newsboat" SUBSEP phase SUBSEP r) in v) && (("herald" SUBSEP phase SUBSEP r) in v))
        out = out sprintf(" %.2f", field(v["herald", phase, r], what) / field(v[tool_n], what))
    return out
  }
  function field(line, i,   a) { split(line, a, " "); return a[i] }
  { k = $1 " " $2; wall[k] = wall[k] " " $4; cpu[k] = cpu[k] " " $6; rss[k] = rss[k] " " ($5 / 1024)
    v[$1, $2, $3] = $4 " " $6 " " $5 }
  END {
    print ""
    print "median (min..max) of " rounds " rounds"
    printf "%-8s %-5s %-22s %-22s %s\n", "tool", "phase", "wall s", "CPU s", "peak RSS MiB"
    split("herald newsboat", tools, " "); split("cold warm", phases, " ")
    for (i = 1; i <= 2; ++i) for (j = 1; j <= 2; ++j) {
      k = tools[i] " " phases[j]
      if (k in wall) printf "%-8s %-5s %-22s %-22s %s\n", tools[i], phases[j], cell(wall[k]), cell(cpu[k]), cell(rss[k])
    }
    for (j = 1; j <= 2; ++j)
      printf "herald/newsboat %s, per round: wall%s; CPU%s; peak RSS%s\n", phases[j],
        ratios(1, phases[j]), ratios(2, phases[j]), ratios(3, phases[j])
  }' "$results"
