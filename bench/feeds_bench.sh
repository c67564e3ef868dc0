#!/bin/sh
# Issue 4, benchmark 10(a): feed parsing throughput on the whole feedparser
# conformance suite, files preloaded in memory, single thread, best of 5,
# herald vs Debian's python3-feedparser in the same run.
# (Debian's python3 on purpose: python3-feedparser lives there.)
# Usage: bench/feeds_bench.sh [BUILD_DIR] [SUITE_DIR]
set -eu
build="${1:-build}"
suite="${2:-${HERALD_SHARED_DIR:-$(dirname "$0")/../../shared}/datasets/feedparser-tests}"
herald="$build/herald"
[ -x "$herald" ] || { echo "no herald binary at $herald; build first (cmake --build $build --target herald)" >&2; exit 2; }
[ -d "$suite" ] || { echo "no conformance suite at $suite" >&2; exit 2; }
echo "suite: $suite"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$herald" feed bench "$suite" --rounds 5 --format feedparser-json | tee -a "$out"
"$herald" feed bench "$suite" --rounds 5 --format herald | tee -a "$out"
/usr/bin/python3 - "$suite" <<'PY' | tee -a "$out"
import os, sys, time
try:
    import feedparser
except ImportError:
    sys.exit("python3-feedparser is not installed (apt-get install python3-feedparser)")
files = []
for root, _, names in os.walk(sys.argv[1]):
    for n in names:
        if n.endswith((".xml", ".rss", ".atom", ".rdf", ".json")):
            with open(os.path.join(root, n), "rb") as fh:
                files.append(fh.read())
best = 1e30
for _ in range(5):
    t = time.perf_counter()
    for data in files:
        try:
            feedparser.parse(data)
        except Exception:  # feedparser 6.0.10 raises on a few hostile files
            pass
    best = min(best, time.perf_counter() - t)
print("python3-feedparser %s: %d files, best of 5: %.3f s, %.0f files/s"
      % (feedparser.__version__, len(files), best, len(files) / best))
PY
# Ratios to feedparser: each line's files/s over feedparser's.
awk '/files\/s/ { for (i = 2; i <= NF; ++i) if ($i == "files/s") rate[$1 " " $2] = $(i - 1) }
     END { for (k in rate) if (k ~ /^python/) py = rate[k]
           for (k in rate) if (k !~ /^python/ && py > 0) printf "%s %.1fx feedparser\n", k, rate[k] / py }' "$out"
