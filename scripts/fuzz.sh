#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for
# SECONDS (default 20). Seeds: fuzz/corpus/<target>/ (committed), plus
# ../shared datasets when present.
# A crash fails the script and leaves the reproducer in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-20}
JOBS=${JOBS:-$(nproc)}

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHERALD_FUZZ=ON -DHERALD_TESTS=OFF >/dev/null
TARGETS=(feed_fuzzer opml_fuzzer date_fuzzer extract_fuzzer sanitize_fuzzer template_fuzzer url_fuzzer)
cmake --build build-fuzz -j"$JOBS" --target "${TARGETS[@]}"

SHARED=../shared/datasets
mkdir -p build-fuzz/crashes
for t in "${TARGETS[@]}"; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus"
  seeds=()
  [[ -d fuzz/corpus/$t ]] && seeds+=("fuzz/corpus/$t")  # committed seeds, read only
  case $t in
    feed_fuzzer) [[ -d $SHARED/feedparser-tests/wellformed ]] && seeds+=("$SHARED/feedparser-tests/wellformed/rss" "$SHARED/feedparser-tests/wellformed/atom10") ;;
  esac
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  ./build-fuzz/fuzz/"$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/crashes/"$t"- -print_final_stats=0 "$corpus" "${seeds[@]}" 2>build-fuzz/"$t".log \
    || { echo "fuzz: $t FAILED; reproducer in build-fuzz/crashes/, log in build-fuzz/$t.log"; tail -40 build-fuzz/"$t".log; exit 1; }
  grep -E "^#[0-9]+.*DONE" build-fuzz/"$t".log | tail -1 || true
done
echo "fuzz: all ${#TARGETS[@]} targets ran ${SECONDS_PER_TARGET}s each without a crash"
