// Test fixtures for net/: a herald httpd site with the responses the fetcher
// must handle, and a raw-socket server for what httpd cannot do (bodies that
// never end, servers that never answer).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "httpd/server.h"
#include "net/fetcher.h"

namespace herald::net::testing {

std::string Gzip(std::string_view bytes);

inline FetchRequest Get(std::string url, std::string etag = "", std::string last_modified = "") {
  return FetchRequest{std::move(url), std::move(etag), std::move(last_modified)};
}

// Routes (all GET):
//   /plain                 200 text/plain "hello, herald"
//   /etag                  200 with ETag "\"v1\"" and Last-Modified kLastModified;
//                          304 (no validators repeated) when the request's
//                          If-None-Match or If-Modified-Since matches
//   /redirect/N            302 chain of N hops ending at /plain
//   /redirect-to?url=U     302 to U
//   /loop                  302 to itself
//   /status/N              status N
//   /gzip                  kGzipText, Content-Encoding: gzip
//   /gzip-bomb?bytes=N     N zero bytes, gzipped
//   /big?bytes=N           N bytes of 'x'
//   /slow                  answers only after ReleaseSlow() (or 5 s)
//   /count?i=I             body I; tracks concurrent requests
//   /ua                    body is the User-Agent header
//   /echo-headers          body names the X-Herald-Test and Cookie headers
//   /cache-control?value=V 200 with Cache-Control V
//   http://... (absolute)  200 "via proxy: <target>", as an HTTP proxy would
//   /flaky?key=K&fail=N&code=C[&retry_after=V]
//                          status C (with Retry-After V) for the first N
//                          requests carrying key K, then 200 "recovered"
//   /moved/301             301 to /plain
//   /moved/308             308 to /moved/301 (two permanent hops)
//   /moved/mixed           301 to /redirect/1 (then a temporary 302)
//   /challenge/cloudflare  403, cf-mitigated header, "Just a moment..." page
//   /challenge/cloudflare-503  503 whose page loads challenge-platform (no header)
//   /challenge/datadome    403 with an x-datadome header
//   /challenge/perimeterx  403 page with a px-captcha element
//   /robots.txt            as set by SetRobots (default 404)
//   everything else        404
class FixtureSite {
 public:
  static constexpr const char* kPlainBody = "hello, herald";
  static constexpr const char* kLastModified = "Wed, 01 Oct 2025 10:00:00 GMT";
  static constexpr const char* kGzipText = "<p>compressed news, compressed news, compressed news</p>";

  FixtureSite();  // starts the server; ASSERTs in the test on failure
  ~FixtureSite();

  std::string Url(const std::string& path) const { return server_->base_url() + path; }
  uint16_t port() const { return server_->port(); }
  int requests_seen() const { return requests_seen_.load(); }
  int max_concurrent_count_requests() const { return max_in_flight_.load(); }
  void ReleaseSlow();
  // How many requests asked for `path` (without the query).
  int requests_to(const std::string& path);
  void SetRobots(int status, std::string body);

 private:
  httpd::Response Handle(const httpd::Request& request);
  httpd::Response Count(const httpd::Request& request);
  httpd::Response Flaky(const httpd::Request& request);
  httpd::Response Challenge(const std::string& kind) const;

  std::unique_ptr<httpd::Server> server_;
  std::atomic<int> requests_seen_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::mutex slow_mutex_;
  std::condition_variable slow_released_cv_;
  bool slow_released_ = false;
  std::mutex state_mutex_;  // guards the members below
  std::map<std::string, int> requests_by_path_;
  std::map<std::string, int> flaky_seen_;
  int robots_status_ = 404;
  std::string robots_body_;
};

// A listener on 127.0.0.1 that misbehaves on purpose, one client at a time.
class RawServer {
 public:
  enum class Mode {
    kSilent,   // accepts, reads, never answers
    kEndless,  // answers 200 without a length and streams forever
    kDrip,     // answers 200 without a length and drips a byte every 100 ms
  };

  explicit RawServer(Mode mode);
  ~RawServer();

  std::string Url(const std::string& path) const;
  int connections() const { return connections_.load(); }

 private:
  void Serve();
  // Streams `chunk` every `gap` until the client hangs up or the server stops.
  void StreamForever(int client, const std::string& chunk, std::chrono::milliseconds gap);

  Mode mode_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::vector<int> clients_;
  std::thread thread_;
};

// A loopback port with nothing listening (connections are refused).
uint16_t UnusedPort();

}  // namespace herald::net::testing
