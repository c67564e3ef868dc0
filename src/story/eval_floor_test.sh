#!/bin/sh
# ctest: story clustering and copy detection quality on the shared
# stories-dev set, scored by shared/tools/story-eval over `herald stories
# cluster`. Fails when story BCubed F1 or duplicate F1 drops below its floor,
# or when the prediction misses articles (missing ids count as singletons, so
# the scores alone could hide a crash halfway through). Skips (exit 77) when
# the shared folder is absent.
# Usage: eval_floor_test.sh HERALD_BINARY SHARED_DIR MIN_BCUBED_F1 MIN_DUP_F1
herald="$1"
shared="${2:-$HERALD_SHARED_DIR}"
min_bcubed="${3:-0.85}"
min_dup="${4:-0.97}"
tool="$shared/tools/story-eval"
gold="$shared/datasets/stories-dev/articles.jsonl"
if [ -z "$shared" ] || [ ! -x "$tool" ] || [ ! -f "$gold" ]; then
  echo "SKIP: story-eval or datasets/stories-dev not found under '$shared' (set HERALD_SHARED_DIR)"
  exit 77
fi
result="$(mktemp)"
trap 'rm -f "$result"' EXIT
"$tool" --gold "$gold" --run "'$herald' stories cluster {in} > {out}" --timeout 120 --json >"$result"
status=$?
python3 - "$result" "$min_bcubed" "$min_dup" "$status" <<'PY'
import json, sys
path, min_bcubed, min_dup, status = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
try:
    r = json.load(open(path))
except ValueError:
    print("FAIL: story-eval printed no result (exit %d)" % status)
    sys.exit(1)
stories, dups = r["stories"], r["duplicates"]
bcubed, dup, missing = stories["bcubed"]["f1"], dups["f1"], r["missing_ids"]
pairs = stories["pairwise"]
print("story BCubed P %.3f R %.3f F1 %.4f (floor %.3f); pairwise F1 monolingual %.3f, cross-lingual %.3f"
      % (stories["bcubed"]["precision"], stories["bcubed"]["recall"], bcubed, min_bcubed,
         pairs["monolingual"]["f1"], pairs["crosslingual"]["f1"]))
print("duplicates P %.3f R %.3f F1 %.4f (floor %.3f); missing ids %d"
      % (dups["precision"], dups["recall"], dup, min_dup, missing))
bad = []
if status != 0:
    bad.append("story-eval exited %d" % status)
if bcubed < min_bcubed:
    bad.append("story BCubed F1 below the floor")
if dup < min_dup:
    bad.append("duplicate F1 below the floor")
if missing:
    bad.append("%d articles missing from the prediction" % missing)
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
PY
