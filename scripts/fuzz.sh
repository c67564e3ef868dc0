#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for
# SECONDS (default 30), PARALLEL (default 2) targets at a time. Seeds:
# fuzz/corpus/<target>/ (committed), plus ../shared datasets when present.
# Before fuzzing, every reproducer in fuzz/regressions/<target>/ (crashes
# found and fixed) is run through its target once, as a regression check.
# A crash fails the script and leaves the reproducer in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-30}
JOBS=${JOBS:-$(nproc)}
PARALLEL=${PARALLEL:-2}

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHERALD_FUZZ=ON -DHERALD_TESTS=OFF >/dev/null
TARGETS=(feed_fuzzer opml_fuzzer date_fuzzer extract_fuzzer sanitize_fuzzer template_fuzzer url_fuzzer
         robots_fuzzer config_fuzzer http_request_fuzzer site_request_fuzzer)
[[ -n ${FUZZ_TARGETS:-} ]] && read -r -a TARGETS <<<"$FUZZ_TARGETS"  # a subset, while working on one
cmake --build build-fuzz -j"$JOBS" --target "${TARGETS[@]}"

SHARED=../shared/datasets
mkdir -p build-fuzz/crashes

# Replays the committed reproducers of $1; fails on the first that crashes.
check_regressions() {
  local t=$1 dir=fuzz/regressions/$1
  [[ -d $dir ]] || return 0
  local files=("$dir"/*)
  [[ -e ${files[0]} ]] || return 0
  echo "fuzz: $t replays ${#files[@]} regression input(s)"
  ./build-fuzz/fuzz/"$t" -rss_limit_mb=2048 -timeout=10 "${files[@]}" >build-fuzz/"$t".regressions.log 2>&1 \
    || { echo "fuzz: $t FAILED a regression input; log in build-fuzz/$t.regressions.log"
         tail -40 build-fuzz/"$t".regressions.log; return 1; }
}

# Fuzzes $1 for SECONDS_PER_TARGET; its outcome goes to build-fuzz/$1.result
# ("ok <stats>" or "failed"), its log to build-fuzz/$1.log.
fuzz_target() {
  local t=$1 corpus=build-fuzz/corpus/$1
  mkdir -p "$corpus"
  local seeds=()
  [[ -d fuzz/corpus/$t ]] && seeds+=("fuzz/corpus/$t")  # committed seeds, read only
  case $t in
    feed_fuzzer) [[ -d $SHARED/feedparser-tests/wellformed ]] && seeds+=("$SHARED/feedparser-tests/wellformed/rss" "$SHARED/feedparser-tests/wellformed/atom10") ;;
  esac
  if ./build-fuzz/fuzz/"$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix=build-fuzz/crashes/"$t"- -print_final_stats=1 "$corpus" "${seeds[@]}" >build-fuzz/"$t".log 2>&1; then
    echo "ok $(grep -E '^#[0-9]+.*DONE' build-fuzz/"$t".log | tail -1)" >build-fuzz/"$t".result
  else
    echo failed >build-fuzz/"$t".result
  fi
}

for t in "${TARGETS[@]}"; do check_regressions "$t"; done

# PARALLEL targets at a time: each uses one core.
running=0
for t in "${TARGETS[@]}"; do
  if ((running >= PARALLEL)); then wait -n; running=$((running - 1)); fi
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  rm -f build-fuzz/"$t".result
  fuzz_target "$t" &
  running=$((running + 1))
done
wait

failed=0
for t in "${TARGETS[@]}"; do
  result=$(cat build-fuzz/"$t".result 2>/dev/null || echo failed)
  if [[ $result == ok* ]]; then
    echo "fuzz: $t ${result#ok }"
  else
    echo "fuzz: $t FAILED; reproducer in build-fuzz/crashes/, log in build-fuzz/$t.log"
    tail -40 build-fuzz/"$t".log
    failed=1
  fi
done
((failed == 0)) || exit 1
echo "fuzz: all ${#TARGETS[@]} targets ran ${SECONDS_PER_TARGET}s each without a crash"
