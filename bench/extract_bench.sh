#!/bin/sh
# Issue 3, item 7: article extraction speed and memory, herald vs Mozilla
# Readability.js (jsdom 27.0.0) vs readability-lxml (Debian python3-readability)
# on the 181 pages of article-extraction-benchmark, in the same run.
#
# Each tool runs as one warm process over the whole set through
# `extract-eval --run-batch`, so extract-eval scores all three the same way
# (F1, empty predictions) and summarises the per-page in-process times each
# tool writes as "extractMs". The tools take turns (run 1: herald, Readability.js,
# readability-lxml; run 2 starts with the next one; ...) so a burst of load from
# elsewhere does not land on one tool only. Peak RSS is the whole process's
# (/usr/bin/time -f %M). Prints a markdown table: median of RUNS runs, spread
# min..max, and herald's speed-up over each peer.
#
# Usage: bench/extract_bench.sh [BUILD_DIR] [RUNS]
#   BUILD_DIR holds the herald binary (default: build; `make build` makes it).
#   HERALD_SHARED_DIR overrides ../shared (datasets and tools).
# Needs: node >= 20 and npm (the first run installs bench/extract/node_modules
# from package-lock.json), /usr/bin/python3 with python3-readability,
# /usr/bin/time. Nothing here touches the network except that npm install.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build="${1:-build}"
runs="${2:-3}"
shared="${HERALD_SHARED_DIR:-$here/../../shared}"
dataset="$shared/datasets/article-extraction-benchmark"
eval_tool="$shared/tools/extract-eval"
herald="$(cd "$build" 2>/dev/null && pwd)/herald"
peers="$here/extract"

fail() { echo "extract_bench: $*" >&2; exit 2; }
[ -x "$herald" ] || fail "no herald binary at $build/herald; build first (make build)"
[ -d "$dataset/html" ] || fail "no dataset at $dataset"
[ -x "$eval_tool" ] || fail "no extract-eval at $eval_tool"
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (apt-get install time)"
command -v node >/dev/null || fail "node not found; Readability.js needs Node >= 20"
node_major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
[ "$node_major" -ge 20 ] || fail "node $(node --version) is too old; jsdom 27 needs Node >= 20"
/usr/bin/python3 -c 'import readability' 2>/dev/null ||
  fail "python3-readability is not installed (apt-get install python3-readability)"
if [ ! -d "$peers/node_modules/jsdom" ] || [ ! -d "$peers/node_modules/@mozilla/readability" ]; then
  echo "extract_bench: installing Readability.js and jsdom (npm ci) into $peers" >&2
  (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/extract-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

tools="herald readability-js readability-lxml"
batch_command() {
  case "$1" in
    herald) echo "'$herald' extract --batch {indir} {outdir}" ;;
    readability-js) echo "node '$peers/readability.mjs' {indir} {outdir}" ;;
    readability-lxml) echo "/usr/bin/python3 '$peers/readability_lxml.py' {indir} {outdir}" ;;
  esac
}

# Run $1 once: extract-eval's JSON report in $work/<tool>.<run>.json, the
# batch process's peak RSS (KiB) in $work/<tool>.<run>.rss.
run_tool() {
  tool=$1 run=$2
  echo "extract_bench: run $run/$runs: $tool" >&2
  "$eval_tool" --dataset "$dataset" --json --n-bootstrap 0 --timeout 60 --name "$tool" \
    --run-batch "/usr/bin/time -f %M -o '$work/$tool.$run.rss' $(batch_command "$tool")" \
    > "$work/$tool.$run.json" 2> "$work/$tool.$run.log" ||
    { cat "$work/$tool.$run.log" >&2; fail "$tool: extract-eval failed"; }
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run=1
while [ "$run" -le "$runs" ]; do
  # Rotate the order each run.
  order=$(echo $tools | tr ' ' '\n' | awk -v r="$run" '{ t[NR-1] = $0 } END { for (i = 0; i < NR; i++) print t[(i + r - 1) % NR] }')
  for tool in $order; do run_tool "$tool" "$run"; done
  run=$((run + 1))
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$work" "$runs" "$tools" "$load_before" "$load_after" <<'PY'
import json, os, statistics, sys
work, runs, tools = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
load_before, load_after = sys.argv[4], sys.argv[5]

def report(tool, run):
    with open(os.path.join(work, "%s.%d.json" % (tool, run))) as f:
        data = json.load(f)
    with open(os.path.join(work, "%s.%d.rss" % (tool, run))) as f:
        # /usr/bin/time may print "Command exited with non-zero status N" first.
        data["rss_kib"] = int(f.read().split()[-1])
    return data

rows = {}
for tool in tools:
    reports = [report(tool, run) for run in range(1, runs + 1)]
    timed = [r["timing"]["in_process"] for r in reports if r.get("timing", {}).get("in_process")]
    if len(timed) != runs:
        sys.exit("extract_bench: %s wrote no extractMs in some run" % tool)
    ms = lambda key: [t[key] * 1000 for t in timed]
    rows[tool] = {
        "f1": [r["f1"] for r in reports], "precision": [r["precision"] for r in reports],
        "recall": [r["recall"] for r in reports], "empty": [r["empty_predictions"] for r in reports],
        "pages": reports[0]["pages"], "timed_pages": min(t["pages"] for t in timed),
        "median": ms("median_s"), "p90": ms("p90_s"), "mean": ms("mean_s"),
        "rss": [r["rss_kib"] / 1024 for r in reports],
        "failed": [r.get("failed_runs", 0) + (r["timing"].get("batch_rc") not in (0, None)) for r in reports],
    }

def spread(values, fmt):
    return "%s (%s..%s)" % (fmt % statistics.median(values), fmt % min(values), fmt % max(values))

herald = rows["herald"]
print("| tool | F1 | P | R | empty | median ms/page | p90 ms/page | peak RSS MiB | herald faster (median) |")
print("|---|---|---|---|---|---|---|---|---|")
for tool in tools:
    row = rows[tool]
    ratio = statistics.median(row["median"]) / statistics.median(herald["median"])
    print("| %s | %.3f | %.3f | %.3f | %d | %s | %s | %s | %s |" % (
        tool, statistics.median(row["f1"]), statistics.median(row["precision"]),
        statistics.median(row["recall"]), max(row["empty"]),
        spread(row["median"], "%.1f"), spread(row["p90"], "%.1f"), spread(row["rss"], "%.0f"),
        "1x" if tool == "herald" else "%.1fx" % ratio))
print()
print("%d pages (%d timed); %d runs each, interleaved; cells: median of runs (min..max)."
      % (herald["pages"], herald["timed_pages"], runs))
for tool in tools:
    peer = rows[tool]
    if tool == "herald":
        continue
    per_run = [p / h for p, h in zip(peer["median"], herald["median"])]
    print("herald vs %s, per run (same round): %s" % (tool, ", ".join("%.1fx" % r for r in per_run)))
bad = [t for t in tools if any(rows[t]["failed"])]
if bad:
    print("warning: a batch exited non-zero or pages failed for: %s" % ", ".join(bad))
print("load average (1/5/15 min) before: %s, after: %s; cores: %d" % (load_before, load_after, os.cpu_count()))
PY
