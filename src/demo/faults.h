// The demo newsroom's misbehaving feeds, one per fault a fetcher meets in the
// wild, under /faults/. Each must end in a clear per-feed status in herald,
// never a crash or a stuck worker (pipeline/ingest_test.cc checks each at the
// feed level, demo/faults_test.cc at the fetch level).
//
//   /faults/status-500.xml        500 Internal Server Error
//   /faults/rate-limited.xml      429 with Retry-After: 120
//   /faults/redirect-loop.xml     302 to itself
//   /faults/moved.xml             301 to /faults/new-home.xml, a working feed
//   /faults/wrong-type.xml        a valid RSS feed sent as text/plain
//   /faults/html.xml              an HTML page that advertises no feed
//   /faults/empty.xml             200 with an empty body
//   /faults/invalid-utf8.xml      an RSS feed declared UTF-8 with invalid bytes
//   /faults/gzip-bomb.xml         20 MiB of zeros gzipped to about 20 KiB (over the 16 MiB default cap)
//   /faults/not-modified.xml      a feed with an ETag, 304 when it matches
//   /faults/drip.xml              a valid feed dripped a few bytes every 200 ms,
//                                 whole only after 2 minutes (past any sane timeout)
//   /faults/endless.xml           an RSS head, then items for ever, as fast as read
//
// The last two end only at the client's limits (its timeout, its body cap);
// the server stops sending when the client hangs up. A server that never
// answers at all needs a raw socket: net's RawServer covers it
// (net/fetcher_faults_test.cc).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "httpd/server.h"

namespace herald::demo {

struct Fault {
  std::string path;          // "/faults/status-500.xml"
  std::string expect_status; // words the feed's status must contain ("" = fetch succeeds)
  // Only the client's timeout or body cap ends the fetch: a test fetching it
  // should set a timeout of a few seconds.
  bool ends_at_client_limits = false;
};

const std::vector<Fault>& Faults();

// How long /faults/drip.xml takes to send its whole feed, and its pace.
inline constexpr std::chrono::seconds kDripDuration{120};
inline constexpr std::chrono::milliseconds kDripInterval{200};

// The response for a /faults/ path, nullopt for any other path.
// `article_path` is the page the fault feeds' single item links to.
std::optional<httpd::Response> ServeFault(const httpd::Request& request, const std::string& base_url,
                                          const std::string& article_path);

}  // namespace herald::demo
