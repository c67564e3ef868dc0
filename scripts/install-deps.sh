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
  libssl-dev                # hashing (SHA-256 for content hashes)
  zlib1g-dev                # tests: gzip bodies; benchmark dataset (.html.gz)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium                  # headless browser test of the site
  nghttp2-server openssl    # tests: HTTP/2 and TLS peers for the fetcher (nghttpd, a test CA)
  python3-feedparser        # bench: the feed parser peer (Debian's python3)
  time                      # bench: peak RSS of peer processes (/usr/bin/time)
  python3-readability       # bench: readability-lxml, an extraction peer (bench/extract_bench.sh)
  newsboat                  # bench: the feed-refresh peer (bench/refresh_bench.sh)
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
  echo "install-deps: done"
else
  echo "install-deps: all ${#PACKAGES[@]} packages present"
fi

# npm is used only by browser tests/benchmarks against JavaScript peers (later
# issues); those need Node >= 20, newer than Debian 12's nodejs 18.
if command -v node >/dev/null; then
  major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
  if ((major < 20)); then
    echo "install-deps: note: node $(node --version) found; the JavaScript peer benchmarks need Node >= 20 (install it from NodeSource or nvm); herald itself does not need it." >&2
  fi
else
  echo "install-deps: note: node not found; only the JavaScript peer benchmarks need it (Node >= 20)." >&2
fi
