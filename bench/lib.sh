# Shared by the bench/*.sh scripts (sourced after `set -euo pipefail`): the
# checks a run starts with, the generated store, the feed farm, waiting for
# a server. Each script keeps its own work folder and cleanup.

# need_built BUILD_DIR PATH...: each BUILD_DIR/PATH is an executable, or the
# script exits 2 saying how to build it.
need_built() {
  local build=$1 path
  shift
  for path; do
    [ -x "$build/$path" ] || {
      echo "no $build/$path; build it: cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release -DHERALD_BENCH=ON" \
           "&& cmake --build $build --target $(basename "$path")" >&2
      exit 2
    }
  done
}

# need_commands COMMAND...: each is installed, or the script exits 2.
need_commands() {
  local tool
  for tool; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed; run scripts/install-deps.sh" >&2; exit 2; }
  done
}

# ensure_store GEN DATA ARTICLES [GEN_ARGS...]: the store bench/gen_articles
# makes in DATA, generated once and reused while its article count matches
# (DATA/.articles).
ensure_store() {
  local gen=$1 data=$2 articles=$3
  shift 3
  [ "$(cat "$data/.articles" 2>/dev/null)" != "$articles" ] || return 0
  rm -rf "$data"
  echo "generating $articles articles in $data ..."
  "$gen" --data "$data" --count "$articles" "$@"
  echo "$articles" >"$data/.articles"
}

# start_farm FARM DIR [FARM_ARGS...]: starts bench/feed_farm writing into DIR
# (feeds.opml, farm.out, farm.err) and waits up to 60 s for it to be ready.
# Sets farm_pid and farm_port; the caller stops the farm.
start_farm() {
  local farm=$1 dir=$2
  shift 2
  "$farm" --out "$dir" "$@" >"$dir/farm.out" 2>"$dir/farm.err" &
  farm_pid=$!
  local waited
  for waited in $(seq 600); do
    grep -q '^ready$' "$dir/farm.out" 2>/dev/null && break
    kill -0 "$farm_pid" 2>/dev/null || { echo "feed farm failed: $(cat "$dir/farm.err")" >&2; exit 1; }
    sleep 0.1
  done
  grep -q '^ready$' "$dir/farm.out" || { echo "feed farm not ready after 60 s: $(cat "$dir/farm.err")" >&2; exit 1; }
  farm_port=$(sed -n 's/^port //p' "$dir/farm.out")
}

# wait_for URL: up to 30 s for a 2xx answer; 1 (and a message) if none came.
wait_for() {
  local _
  for _ in $(seq 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2
  return 1
}
