#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it:
#   1. Release build + every ctest (unit, end-to-end over loopback, Chromium)
#   2. ASan/UBSan build + every ctest but the dataset conformance runs
#      (they run whole-corpus scoring through the CLI), the playwright
#      browser run (a minute of screenshots and axe) and the e2e-labelled
#      multi-process, crash and hostile-input runs (wall-clock bounds on
#      several sanitized processes at once); step 1 covers all of them.
#      Third-party leaks only: scripts/lsan.supp
#   3. libFuzzer pass over every parser, time-boxed
# Stages 1 and 2 run against a throwaway PostgreSQL cluster on loopback
# (scripts/pg-test-cluster.sh), started here and stopped at exit, so every
# store test runs on both backends (HERALD_REQUIRE_PG=1: a PostgreSQL case
# that cannot reach the cluster fails instead of skipping).
# Each stage prints its timing and the end prints a table of them; the
# first failure stops the run.
set -euo pipefail
# ctest's summary line: "100% tests passed, 0 tests failed out of N".
count_tests() { sed -nE 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\2 \1/p' "$1" | tail -1; }
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export CTEST_OUTPUT_ON_FAILURE=1

# Phase timing: `phase NAME` closes the previous phase and opens NAME; the
# table is printed at exit, also after a failure (the failing phase last).
PHASES=()
phase_name=""
phase_start=$SECONDS
run_start=$SECONDS
phase() {
  [[ -z $phase_name ]] || PHASES+=("$phase_name|$((SECONDS - phase_start))")
  phase_name=$1
  phase_start=$SECONDS
  echo; echo "=== $1 ($(date +%H:%M:%S))"
}
print_phases() {
  [[ -z $phase_name ]] || PHASES+=("$phase_name|$((SECONDS - phase_start))")
  phase_name=""
  echo
  echo "phase                                      seconds"
  echo "------------------------------------------ -------"
  local row
  for row in "${PHASES[@]}"; do printf '%-42s %7s\n' "${row%%|*}" "${row##*|}"; done
  printf '%-42s %7s\n' "total" "$((SECONDS - run_start))"
}
PG_DIR=""
finish() {
  local rc=$?
  [[ -z $PG_DIR ]] || bash scripts/pg-test-cluster.sh stop "$PG_DIR" >/dev/null 2>&1 || true
  print_phases
  exit $rc
}
trap finish EXIT
stage() { phase "$*"; }

if [[ ! -d ../shared ]]; then
  echo "note: ../shared is absent: tests that score against its datasets will be reported as skipped"
fi

stage "0/3 PostgreSQL test cluster"
PG_DIR=$(mktemp -u /tmp/herald-test-pg-XXXXXX)
HERALD_TEST_PG_URL=$(bash scripts/pg-test-cluster.sh start "$PG_DIR")
export HERALD_TEST_PG_URL HERALD_REQUIRE_PG=1
echo "PostgreSQL 15 on $HERALD_TEST_PG_URL"

stage "1/3 release build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHERALD_TESTS=ON >/dev/null
cmake --build build -j"$JOBS"
stage "1/3 release tests"
(cd build && ctest -j"$JOBS" --timeout 600) | tee build/ctest.log

stage "2/3 ASan/UBSan build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON -DHERALD_TESTS=ON >/dev/null
cmake --build build-asan -j"$JOBS"
stage "2/3 ASan/UBSan tests"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/../scripts/lsan.supp" \
  ctest -j"$JOBS" --timeout 900 --label-exclude 'conformance|browser|e2e') | tee build-asan/ctest.log

stage "3/3 fuzzing (${FUZZ_SECONDS:-30}s per target)"
mkdir -p build
bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}" | tee build/fuzz.log

read -r release_total release_failed < <(count_tests build/ctest.log)
read -r asan_total asan_failed < <(count_tests build-asan/ctest.log)
fuzz_targets=$(sed -nE 's/^fuzz: all ([0-9]+) targets.*/\1/p' build/fuzz.log)
echo; echo "=== all stages passed: release ${release_total} tests, asan ${asan_total} tests, ${fuzz_targets} fuzz targets"
echo "$((release_total + asan_total - release_failed - asan_failed)) passed, $((release_failed + asan_failed)) failed"
