#!/usr/bin/env bash
# Installs every Debian 12 package herald builds, tests or runs with.
# Idempotent: does nothing when all packages are present; runs `apt-get update`
# only when something is missing. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config g++ clang
  # libraries (see docs/architecture.md for who uses what)
  libcurl4-openssl-dev      # net: HTTP client (curl multi)
  libboost-dev              # web, demo: Boost.Beast/Asio HTTP server (header-only)
  libgumbo-dev              # extract: HTML5 parser
  libxml2-dev               # feed: XML feeds (recover mode)
  nlohmann-json3-dev        # JSON in/out
  libicu-dev                # extract, feed: charset detection/conversion, word breaks
  libcld2-dev               # extract: language detection
  libhowardhinnant-date-dev # common: date parsing and time zones
  tzdata                    # time zone database used by date/tz
  libtomlplusplus-dev       # config: TOML
  libcli11-dev              # cli
  libspdlog-dev libfmt-dev  # logs
  libsqlite3-dev            # store: SQLite (WAL, FTS5)
  libpqxx-dev               # store: PostgreSQL client (libpqxx 6.4, libpq)
  libvips-dev               # imageproxy: thumbnails (libvips)
  libssl-dev                # hashing (SHA-256 for content hashes)
  zlib1g-dev                # httpd: gzip; tests: gzip bodies; benchmark dataset (.html.gz)
  libbrotli-dev             # httpd: brotli for the site
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium                  # headless browser test of the site
  fonts-noto-cjk            # browser tests: Chinese and Japanese glyphs in the screenshots
  nghttp2-server openssl    # tests: HTTP/2 and TLS peers for the fetcher (nghttpd, a test CA)
  python3-feedparser        # bench: the feed parser peer (Debian's python3)
  time                      # bench: peak RSS of peer processes (/usr/bin/time)
  python3-readability       # bench: readability-lxml, an extraction peer (bench/extract_bench.sh)
  newsboat                  # bench: the feed-refresh peer (bench/refresh_bench.sh)
  wrk nginx-light           # bench: load generator and the static-serving peer (bench/web_bench.sh)
  postgresql-15             # tests: throwaway clusters on loopback (scripts/pg-test-cluster.sh; pg_trgm included)
  curl                      # scripts
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "install-deps: need root to install: ${missing[*]} (run as root or install sudo)" >&2
      exit 1
    fi
  fi
  echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # nginx-light starts a system nginx on port 80; the benchmark runs its own
  # instance, so the packaged service is stopped and kept from starting again.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && [[ -f /run/nginx.pid ]]; then
    $SUDO kill "$(cat /run/nginx.pid)" 2>/dev/null || true
  fi
  echo "install-deps: done"
else
  echo "install-deps: all ${#PACKAGES[@]} packages present"
fi

# The browser tests (tests/browser, ctest browser_playwright) use two npm
# packages pinned in package-lock.json: playwright-core, which drives Debian's
# chromium (it never downloads a browser), and axe-core. They need Node >= 20,
# newer than Debian 12's nodejs 18; herald itself does not need node.
# `npm ci` runs only when node_modules is missing or the lock file changed.
BROWSER_DIR="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-deps: note: node/npm not found: the browser tests need Node >= 20 (NodeSource or nvm), then rerun this script; everything else works without it." >&2
elif (($(node --version | sed -E 's/^v([0-9]+).*/\1/') < 20)); then
  echo "install-deps: note: node $(node --version) is too old: the browser tests need Node >= 20 (NodeSource or nvm), then rerun this script; everything else works without it." >&2
else
  lock_hash=$(sha256sum "$BROWSER_DIR/package-lock.json" | cut -d' ' -f1)
  stamp="$BROWSER_DIR/node_modules/.herald-lock-sha256"
  if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
    echo "install-deps: installing the browser tests' npm packages (npm ci in tests/browser)"
    if PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$BROWSER_DIR" --no-audit --no-fund --loglevel=error >/dev/null; then
      echo "$lock_hash" >"$stamp"
    else
      echo "install-deps: npm ci failed in tests/browser (is the npm registry reachable?); the browser tests will fail until it succeeds." >&2
    fi
  fi
fi
