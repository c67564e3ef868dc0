#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it:
#   1. Release build + every ctest (unit, end-to-end over loopback, Chromium)
#   2. ASan/UBSan build + every ctest but the dataset conformance runs
#      (they run whole-corpus scoring through the CLI) and the playwright
#      browser run (a minute of screenshots and axe); step 1 covers both
#   3. libFuzzer pass over every parser, time-boxed
# Each stage prints its timing; the first failure stops the run.
set -euo pipefail
# ctest's summary line: "100% tests passed, 0 tests failed out of N".
count_tests() { sed -nE 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\2 \1/p' "$1" | tail -1; }
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export CTEST_OUTPUT_ON_FAILURE=1

stage() { echo; echo "=== $* ($(date +%H:%M:%S))"; }

if [[ ! -d ../shared ]]; then
  echo "note: ../shared is absent: tests that score against its datasets will be reported as skipped"
fi

stage "1/3 release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHERALD_TESTS=ON >/dev/null
cmake --build build -j"$JOBS"
(cd build && ctest -j"$JOBS" --timeout 600) | tee build/ctest.log

stage "2/3 ASan/UBSan build and tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON -DHERALD_TESTS=ON >/dev/null
cmake --build build-asan -j"$JOBS"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest -j"$JOBS" --timeout 900 --label-exclude 'conformance|browser') | tee build-asan/ctest.log

stage "3/3 fuzzing (${FUZZ_SECONDS:-30}s per target)"
mkdir -p build
bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}" | tee build/fuzz.log

read -r release_total release_failed < <(count_tests build/ctest.log)
read -r asan_total asan_failed < <(count_tests build-asan/ctest.log)
fuzz_targets=$(sed -nE 's/^fuzz: all ([0-9]+) targets.*/\1/p' build/fuzz.log)
stage "all stages passed: release ${release_total} tests, asan ${asan_total} tests, ${fuzz_targets} fuzz targets"
echo "$((release_total + asan_total - release_failed - asan_failed)) passed, $((release_failed + asan_failed)) failed"
