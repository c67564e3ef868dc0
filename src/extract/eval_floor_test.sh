#!/bin/sh
# ctest: article-body quality on the shared article-extraction-benchmark,
# scored by shared/tools/extract-eval over `herald extract --batch`. Fails when
# mean F1 drops below the floor or when any page comes out empty (an empty
# prediction is left out of the precision mean, so the F1 alone would hide
# it). Skips (exit 77) when the shared folder is absent.
# Usage: eval_floor_test.sh HERALD_BINARY SHARED_DIR [MIN_F1]
herald="$1"
shared="${2:-$HERALD_SHARED_DIR}"
min_f1="${3:-0.95}"
tool="$shared/tools/extract-eval"
dataset="$shared/datasets/article-extraction-benchmark"
if [ -z "$shared" ] || [ ! -x "$tool" ] || [ ! -f "$dataset/ground-truth.json" ]; then
  echo "SKIP: extract-eval or the article-extraction-benchmark not found under '$shared' (set HERALD_SHARED_DIR)"
  exit 77
fi
result="$(mktemp)"
trap 'rm -f "$result"' EXIT
"$tool" --dataset "$dataset" --run-batch "$herald extract --batch {indir} {outdir}" \
  --timeout 10 --n-bootstrap 0 --min-f1 "$min_f1" --json >"$result"
status=$?
python3 - "$result" "$min_f1" "$status" <<'PY'
import json, sys
path, floor, status = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
try:
    r = json.load(open(path))
except ValueError:
    print("FAIL: extract-eval printed no result (exit %d)" % status)
    sys.exit(1)
print("mean F1 %.4f (floor %.3f), precision %.4f, recall %.4f, empty %d, failed runs %d"
      % (r["f1"], floor, r["precision"], r["recall"], r["empty_predictions"], r["failed_runs"]))
bad = []
if status != 0 or r["f1"] < floor:
    bad.append("mean F1 below the floor")
if r["empty_predictions"]:
    bad.append("%d empty predictions" % r["empty_predictions"])
if r["failed_runs"]:
    bad.append("%d failed runs" % r["failed_runs"])
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
PY
