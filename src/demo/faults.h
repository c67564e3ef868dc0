// The demo newsroom's misbehaving feeds, one per fault a fetcher meets in the
// wild, under /faults/. Each must end in a clear per-feed status in herald,
// never a crash or a stuck worker (pipeline/ingest_test.cc checks each).
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
//
// Faults that need a raw socket (a body dripping a byte at a time, a body
// that never ends, a server that never answers) cannot be served by httpd;
// net's RawServer fixture covers them (net/fetcher_faults_test.cc).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "httpd/server.h"

namespace herald::demo {

struct Fault {
  std::string path;          // "/faults/status-500.xml"
  std::string expect_status; // words the feed's status must contain ("" = fetch succeeds)
};

const std::vector<Fault>& Faults();

// The response for a /faults/ path, nullopt for any other path.
// `article_path` is the page the fault feeds' single item links to.
std::optional<httpd::Response> ServeFault(const httpd::Request& request, const std::string& base_url,
                                          const std::string& article_path);

}  // namespace herald::demo
