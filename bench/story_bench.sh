#!/usr/bin/env bash
# Issue 6, point 7: story clustering and copy detection at scale. Generates
# 10,000, 50,000 and 100,000 synthetic articles (bench/gen_stories.cc: story
# sizes, languages and copy rate after stories-dev, a constant rate per day)
# and runs `herald stories cluster` on each under /usr/bin/time -v.
# Prints N, wall seconds, microseconds per article, peak RSS and the time per
# article relative to the first size; then story-eval's scores of each run
# against the generator's gold labels (when ../shared/tools/story-eval exists).
# Usage: bench/story_bench.sh [BUILD_DIR] [SIZES...]
#   BUILD_DIR: a Release build with -DHERALD_BENCH=ON (targets herald, gen_stories)
#   SIZES:     default 10000 50000 100000
# Env: HERALD_BENCH_PER_DAY (articles per day, default 3000), HERALD_BENCH_SEED
# (default 1), STORY_EVAL (default: the shared tool next to the checkout).
set -euo pipefail
build="${1:-build}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 50000 100000)
herald="$build/herald"
gen="$build/bench/gen_stories"
per_day="${HERALD_BENCH_PER_DAY:-3000}"
seed="${HERALD_BENCH_SEED:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
story_eval="${STORY_EVAL:-$here/../../shared/tools/story-eval}"

for tool in "$herald" "$gen"; do
  [ -x "$tool" ] || { echo "no $tool; build first: cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release -DHERALD_BENCH=ON && cmake --build $build --target herald gen_stories" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }

work="$(mktemp -d /tmp/herald-story-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "articles per day: $per_day (remembered window: 10 days = $((per_day * 10)) articles), seed $seed"
printf '%8s %9s %12s %10s %9s\n' N wall_s us/article rss_MiB vs_first
first_us=""
for n in "${sizes[@]}"; do
  "$gen" --count "$n" --per-day "$per_day" --seed "$seed" > "$work/in-$n.jsonl"
  /usr/bin/time -v "$herald" stories cluster "$work/in-$n.jsonl" > "$work/out-$n.jsonl" 2> "$work/time-$n.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time-$n.txt")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n.txt")
  us=$(awk -v w="$wall" -v n="$n" 'BEGIN {printf "%.0f", w * 1e6 / n}')
  [ -n "$first_us" ] || first_us="$us"
  printf '%8d %9.1f %12d %10.0f %9.2f\n' "$n" "$wall" "$us" "$(awk -v k="$rss_kb" 'BEGIN {print k / 1024}')" \
    "$(awk -v a="$us" -v b="$first_us" 'BEGIN {print a / b}')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -x "$story_eval" ]; then
  for n in "${sizes[@]}"; do
    echo "--- story-eval, $n generated articles against their gold labels"
    "$story_eval" --gold "$work/in-$n.jsonl" --pred "$work/out-$n.jsonl" | grep -E '^(stories BCubed|stories pairwise|  cross-lingual|duplicates pairwise)'
  done
fi
