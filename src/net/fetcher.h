// net/: fetch bytes politely and safely (libcurl multi interface).
//
// Contract: a Fetcher never follows a URL to a private, loopback, link-local
// or otherwise non-public address unless FetchOptions::allow_private_networks
// is set; the check happens on the resolved address at connect time (also for
// every redirect), so DNS tricks do not bypass it. Bodies are capped at
// max_body_bytes (the transfer is aborted, an Error returned); every transfer
// has a total timeout. Only http and https are fetched. Requests to one host
// are spaced by per_host_delay_ms and at most max_per_host run at once.
// Content-Encoding gzip/deflate/br is decoded (the cap applies to decoded bytes).
// HTTPS peers are verified (system CAs plus FetchOptions::ca_file); HTTP/2
// is negotiated over TLS when the server offers it.
// Transient failures (connect errors, timeouts, HTTP 429/502/503/504) are
// retried up to max_retries times with exponential backoff and jitter; a
// Retry-After on 429/503 sets the wait instead; no wait exceeds
// max_retry_wait_ms. Other 4xx are never retried, nor bot-protection answers.
// With FetchRequest::obey_robots the site's robots.txt (RFC 9309, cached per
// origin for a day) is consulted first.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace herald::net {

struct FetchOptions {
  std::string user_agent = "herald/0.1 (+https://github.com/herald-news/herald)";
  size_t max_body_bytes = 16 << 20;     // 16 MiB
  int timeout_seconds = 30;             // whole transfer
  int connect_timeout_seconds = 10;
  int max_redirects = 5;
  int max_parallel = 16;                // transfers at once, all hosts
  int max_per_host = 2;                 // transfers at once to one host
  int per_host_delay_ms = 250;          // gap between request starts to one host
  bool allow_private_networks = false;  // tests and the demo newsroom need true
  // Private ranges allowed one by one ("127.0.0.0/8", "fd00::/8"), a narrower
  // alternative to allow_private_networks. Entries that do not parse
  // (ParseNetworkRange in net/ssrf_guard.h) are ignored: validate them first.
  std::vector<std::string> allowed_networks;
  // PEM file of extra certificate authorities to trust ("" = the system's
  // store only). TLS peers are always verified; there is no switch to stop.
  std::string ca_file;
  int max_retries = 2;                  // extra attempts after a transient failure
  int retry_base_delay_ms = 1000;       // first backoff; doubles per retry, jittered
  int max_retry_wait_ms = 120 * 1000;   // cap on one wait, also on a server's Retry-After
  // Politeness shared with other processes: before each request to a host
  // (after the in-process delay), asks for the start time reserved for it
  // (ms since the epoch) given now_ms and interval_ms = per_host_delay_ms,
  // and waits until then. cli wires it to Store::ReserveHostSlot; net knows
  // no store. Unset: in-process spacing only; a failure: start at once.
  std::function<Result<int64_t>(const std::string& host, int64_t now_ms, int64_t interval_ms)> reserve_host_slot;
  // A stop (a worker's SIGTERM), asked before a batch and at least every
  // 100 ms while it runs; once true each must stay true. stop_starting:
  // no transfer or retry starts any more, those in flight may finish.
  // cancel_requested: the transfers in flight are aborted too. Requests so
  // left unfetched settle as an Error that IsCancelled recognizes, which is
  // no verdict on the URL. Unset: never.
  std::function<bool()> stop_starting;
  std::function<bool()> cancel_requested;
};

struct FetchRequest {
  std::string url;
  std::string etag;           // for If-None-Match ("" = none)
  std::string last_modified;  // for If-Modified-Since ("" = none)
  // Article pages: consult the site's robots.txt first; a disallowed URL is
  // an Error of kind kRefused and is not fetched. Feeds are fetched regardless.
  bool obey_robots = false;
  // Per-source settings. Extra request headers (a name or value holding a
  // line break is dropped); a Cookie header value ("a=1; b=2"); a proxy URL
  // (http://, https://, socks5:// or socks5h://; "" = direct). Through a
  // proxy the address check sees the proxy, which the configuration names
  // and so trusts; the site's own address is then the proxy's business.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string cookies;
  std::string proxy;
};

struct FetchResponse {
  int status = 0;             // HTTP status (304 = not modified, body empty)
  std::string url;            // final URL after redirects
  std::string content_type;
  // Validators of the final response; a 304 that repeats none keeps the request's.
  std::string etag;
  std::string last_modified;
  std::string body;
  // The final URL when the request was redirected and every hop was
  // permanent (301/308): the caller should store it as the new address.
  // Empty when there was no redirect or any hop was temporary.
  std::string permanent_redirect_url;
  // Cache-Control max-age of the final response in seconds; 0 when absent,
  // no-cache or no-store. The scheduler uses it as a floor between refreshes.
  int64_t max_age_seconds = 0;
  int http_version = 0;       // 10, 11, 20 or 30 (HTTP/1.0, 1.1, 2, 3)
};

// Each FetchAll call runs its own transfers, so one Fetcher may be used from
// several threads. Proxy settings in the environment are ignored: through a
// proxy the address check would see the proxy, not the site. "Host" for the
// per-host limits is the host name of the requested URL (not of redirects).
class Fetcher {
 public:
  explicit Fetcher(FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Fetches all requests concurrently within the limits; results are in
  // request order. A non-2xx/304 status is an Error of kind kHttp (its
  // message names the bot protection when one answered); a refused address
  // or a robots.txt refusal kRefused; DNS/connect/timeout kNetwork. `on_done` (optional) is
  // called after each transfer with (done, total) for progress display.
  std::vector<Result<FetchResponse>> FetchAll(const std::vector<FetchRequest>& requests,
                                              const std::function<void(size_t, size_t)>& on_done = {});

  // Like FetchAll, but hands each result to `on_result(index, result)` as
  // soon as its transfer settles (completion order, on the calling thread),
  // so a caller can work on early answers while later ones are in flight and
  // no body is held longer than its callback. Returns when all are settled.
  using ResultFn = std::function<void(size_t, Result<FetchResponse>)>;
  void FetchEach(const std::vector<FetchRequest>& requests, const ResultFn& on_result);

  Result<FetchResponse> Fetch(const FetchRequest& request);

 private:
  struct Impl;
  Impl* impl_;
};

// True when the address (textual IPv4/IPv6) is not a public unicast address:
// loopback, RFC 1918, CGNAT, link-local, unique-local, multicast, unspecified,
// IPv4-mapped forms of these, documentation and benchmarking ranges.
bool IsPrivateAddress(const std::string& ip);

// True for the Error of a request left unfetched by FetchOptions::stop_starting
// or cancel_requested: the caller should try it again later, not count a failure.
bool IsCancelled(const Error& error);

}  // namespace herald::net
