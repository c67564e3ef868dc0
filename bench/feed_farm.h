// A farm of synthetic RSS 2.0 feeds on many loopback addresses, for the
// refresh benchmark (bench/refresh_bench.sh): herald and newsboat fetch the
// same feeds from it, and its counters show that both did the same work.
//
// Contract: feed K (0-based) is served at http://HostAddress(K % hosts):PORT/feeds/K.xml
// (any other host answers 404 for it), with a strong ETag and a Last-Modified
// that never change while the farm runs; a request whose If-None-Match names
// the ETag, or (without If-None-Match) whose If-Modified-Since is not before
// Last-Modified, gets 304 with no body. gzip is sent to clients that accept
// it. Each item links to /articles/K/J.html on the feed's host, a small page
// that exists so that a client fetching article pages finds them. Bodies are
// rendered once at start, so serving costs the clients' CPU, not the farm's.
// GET /stats on any host returns the counters as JSON; /stats?reset=1 also
// zeroes them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"

namespace herald::bench {

struct FarmOptions {
  int feeds = 2000;
  int hosts = 500;              // loopback addresses 127.0.0.1, 127.0.0.2, ...
  int items_per_feed = 20;
  int description_bytes = 1024; // about this much escaped HTML per item
  uint16_t port = 0;            // 0: a free port, the same on every address
  int threads_per_host = 1;     // server threads per address
};

// Requests seen since the last reset.
struct FarmCounters {
  int64_t feed_200 = 0;
  int64_t feed_304 = 0;
  int64_t feed_conditional = 0;  // feed requests carrying If-None-Match or If-Modified-Since
  int64_t feed_gzip = 0;         // feed 200s sent gzip-encoded
  int64_t article_200 = 0;
  int64_t robots = 0;
  int64_t not_found = 0;
  int64_t busiest_host_requests = 0;  // most requests any one address got
  // Shortest gap between two request arrivals at one address, in ms; -1 when
  // no address got two requests. Shows whether a client spaced its requests.
  double min_host_gap_ms = -1;
};

// "127.0.0.1" for index 0, counting up through 127.0.1.0 and on; index < 65534.
std::string HostAddress(int index);

// RFC 7231 IMF-fixdate ("Sun, 29 Nov 2026 05:00:00 GMT").
std::string HttpDate(int64_t utc_seconds);

class FeedFarm {
 public:
  // Renders every feed and listens on every address. Errors name the address
  // that could not be bound.
  static Result<std::unique_ptr<FeedFarm>> Start(const FarmOptions& options);
  virtual ~FeedFarm() = default;
  FeedFarm(const FeedFarm&) = delete;
  FeedFarm& operator=(const FeedFarm&) = delete;

  virtual uint16_t port() const = 0;
  virtual std::string FeedUrl(int feed) const = 0;
  // Every feed as an OPML 2.0 subscription list.
  virtual std::string Opml() const = 0;
  // Every feed URL, one a line (newsboat's urls file).
  virtual std::string UrlList() const = 0;
  virtual FarmCounters Counters() const = 0;
  virtual void ResetCounters() = 0;

 protected:
  FeedFarm() = default;
};

std::string CountersJson(const FarmCounters& counters);

}  // namespace herald::bench
