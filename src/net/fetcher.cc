#include "net/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>

#include "common/metrics.h"
#include "common/strings.h"
#include "common/url.h"
#include "net/bot_protection.h"
#include "net/host_scheduler.h"
#include "net/retry_policy.h"
#include "net/robots.h"
#include "net/ssrf_guard.h"

namespace herald::net {
namespace {

using Clock = HostScheduler::Clock;

// curl_global_init is not safe to race with other curl calls, so it runs once,
// before the first handle is made.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string DescribeSize(size_t bytes) {
  constexpr size_t kMiB = 1 << 20, kKiB = 1 << 10;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// One transfer in flight. curl's callbacks hold pointers into it, so it lives
// on the heap and never moves.
struct Transfer {
  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
  }

  size_t index = 0;
  std::string url;
  size_t max_body_bytes = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  SsrfGuard guard;
  std::string body;
  bool body_too_large = false;
  HeaderList response_headers;  // of the last response seen
  int redirect_hops = 0;
  bool temporary_hop = false;  // some hop was not 301/308
  char error_detail[CURL_ERROR_SIZE] = {};
};

size_t OnBody(char* data, size_t size, size_t count, void* userdata) {
  auto* transfer = static_cast<Transfer*>(userdata);
  size_t bytes = size * count;
  if (bytes > transfer->max_body_bytes - transfer->body.size()) {
    transfer->body_too_large = true;
    return CURL_WRITEFUNC_ERROR;  // aborts the transfer at once
  }
  transfer->body.append(data, bytes);
  return bytes;
}

bool IsFollowedRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Headers a hostile server may repeat without end are kept up to this count.
constexpr size_t kMaxHeadersKept = 200;

size_t OnHeader(char* data, size_t size, size_t count, void* userdata) {
  auto* transfer = static_cast<Transfer*>(userdata);
  std::string_view line(data, size * count);
  if (StartsWithIgnoreCase(line, "HTTP/")) {
    // A new response (after a redirect): only the final one's headers count.
    transfer->response_headers.clear();
    size_t space = line.find(' ');
    int status = space == std::string_view::npos ? 0 : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
    if (IsFollowedRedirect(status)) {
      ++transfer->redirect_hops;
      if (status != 301 && status != 308) transfer->temporary_hop = true;
    }
  } else if (size_t colon = line.find(':');
             colon != std::string_view::npos && transfer->response_headers.size() < kMaxHeadersKept) {
    transfer->response_headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                            std::string(Trim(line.substr(colon + 1))));
  }
  return size * count;
}

std::string HeaderValue(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (ToLowerAscii(key) == name) return value;
  return "";
}

// Validators come from stored earlier responses; one holding a line break
// would inject headers, so it is dropped (the fetch becomes unconditional).
void AddHeader(curl_slist** list, const std::string& name, const std::string& value) {
  if (value.empty() || value.find_first_of("\r\n") != std::string::npos) return;
  *list = curl_slist_append(*list, (name + ": " + value).c_str());
}

// "public, max-age=600" -> 600; no-cache/no-store or none -> 0.
int64_t CacheMaxAge(const std::string& cache_control) {
  std::string lower = ToLowerAscii(cache_control);
  if (lower.find("no-cache") != std::string::npos || lower.find("no-store") != std::string::npos) return 0;
  size_t at = lower.find("max-age=");
  if (at == std::string::npos) return 0;
  int64_t seconds = 0;
  for (size_t i = at + 8; i < lower.size() && lower[i] >= '0' && lower[i] <= '9'; ++i) {
    seconds = seconds * 10 + (lower[i] - '0');
    if (seconds > 365LL * 86400) return 365LL * 86400;
  }
  return seconds;
}

std::string EffectiveUrl(CURL* easy) {
  char* url = nullptr;
  curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url);
  return url != nullptr ? url : "";
}

Result<std::unique_ptr<Transfer>> NewTransfer(size_t index, const std::string& url, const FetchRequest& request,
                                              const FetchOptions& options) {
  auto transfer = std::make_unique<Transfer>();
  transfer->index = index;
  transfer->url = url;
  transfer->max_body_bytes = options.max_body_bytes;
  transfer->guard.allow_private_networks = options.allow_private_networks;
  for (const std::string& network : options.allowed_networks)
    if (auto range = ParseNetworkRange(network); range.ok()) transfer->guard.allowed.push_back(*range);
  transfer->easy = curl_easy_init();
  if (transfer->easy == nullptr)
    return MakeError(ErrorKind::kInternal, url + ": cannot create a curl handle (out of memory?)");
  CURL* easy = transfer->easy;
  AddHeader(&transfer->headers, "If-None-Match", request.etag);
  AddHeader(&transfer->headers, "If-Modified-Since", request.last_modified);
  for (const auto& [name, value] : request.headers)
    if (name.find_first_of(":\r\n") == std::string::npos) AddHeader(&transfer->headers, name, value);
  AddHeader(&transfer->headers, "Cookie", request.cookies);

  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(std::max(0, options.max_redirects)));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl can decode
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
  // A zero timeout means "none" to curl; the contract promises one.
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(std::max(1, options.timeout_seconds)));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::max(1, options.connect_timeout_seconds)));
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  // Proxies from the environment are ignored: through a proxy the guard would
  // see only the proxy's address, never the site's.
  // A source's own proxy is configured, hence trusted.
  curl_easy_setopt(easy, CURLOPT_PROXY, request.proxy.c_str());
  // Refuses early when Content-Length already exceeds the cap; the write
  // callback enforces it for decoded and unannounced bodies.
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error_detail);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_file.c_str());
  transfer->guard.Install(easy);
  return transfer;
}

Error TransferError(const Transfer& transfer, CURLcode code, const FetchOptions& options) {
  const std::string& url = transfer.url;
  std::string detail = transfer.error_detail[0] != '\0' ? transfer.error_detail : curl_easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return MakeError(ErrorKind::kNetwork, url + ": timed out (" + detail +
                                                "); the site is slow or down, try later or raise"
                                                " timeout_seconds in [fetch]");
    case CURLE_TOO_MANY_REDIRECTS:
      return MakeError(ErrorKind::kHttp, url + ": more than " + std::to_string(std::max(0, options.max_redirects)) +
                                             " redirects (a redirect loop?); open the URL in a browser and use the"
                                             " final address");
    case CURLE_UNSUPPORTED_PROTOCOL:
      return MakeError(ErrorKind::kRefused, url + " refused: redirected to " + EffectiveUrl(transfer.easy) +
                                                ", which is not http or https; use a URL that stays on http(s)");
    case CURLE_COULDNT_RESOLVE_HOST:
      return MakeError(ErrorKind::kNetwork,
                       url + ": cannot resolve the host name (" + detail + "); check the URL and your DNS");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      if (detail.find("host name") != std::string::npos || detail.find("subject name") != std::string::npos)
        return MakeError(ErrorKind::kNetwork, url + ": the site's TLS certificate is for another host name (" +
                                                  detail + "); use the host name the certificate was issued for");
      return MakeError(ErrorKind::kNetwork, url + ": the site's TLS certificate is not trusted (" + detail +
                                                "); if it is your own server, add its CA with ca_file in [fetch]");
    case CURLE_SSL_CONNECT_ERROR:
      return MakeError(ErrorKind::kNetwork, url + ": TLS handshake failed (" + detail +
                                                "); the site's HTTPS set-up is broken, try later or use its http:// URL");
    case CURLE_COULDNT_CONNECT:
      return MakeError(ErrorKind::kNetwork, url + ": cannot connect (" + detail + "); the site may be down, try later");
    default:
      return MakeError(ErrorKind::kNetwork, url + ": transfer failed (" + detail + "); try later or check the URL");
  }
}

// The /metrics cause of a failed fetch, from the errors made above.
std::string FetchErrorKind(const Error& error) {
  const std::string& m = error.message;
  if (error.kind == ErrorKind::kRefused)
    return m.find("private address") != std::string::npos ? "refused_private"
           : m.find("cap;") != std::string::npos         ? "too_large"
                                                          : "other";
  if (error.kind == ErrorKind::kHttp)
    return m.find(": HTTP 5") != std::string::npos   ? "http_5xx"
           : m.find(": HTTP 4") != std::string::npos ? "http_4xx"
                                                      : "other";
  if (error.kind != ErrorKind::kNetwork) return "other";
  if (m.find("timed out") != std::string::npos) return "timeout";
  if (m.find("resolve the host") != std::string::npos) return "dns";
  if (m.find("TLS") != std::string::npos) return "tls";
  return "other";
}

// What IsCancelled looks for: ErrorKind has no kind of its own for it.
constexpr char kCancelledText[] = ": not fetched, cancelled at shutdown";

Error CancelledError(const std::string& url) { return MakeError(ErrorKind::kIo, url + kCancelledText); }

bool Asked(const std::function<bool()>& hook) { return hook && hook(); }

// Counts one settled fetch; article pages are the requests that obey robots.txt.
void CountFetchResult(const FetchRequest& request, const Result<FetchResponse>& result) {
  const char* kind = request.obey_robots ? "page" : "feed";
  if (result.ok()) {
    metrics::CountFetch(kind, result->status == 304 ? "not_modified" : "ok");
    return;
  }
  metrics::CountFetch(kind, "error");
  metrics::CountFetchError(FetchErrorKind(result.error()));
}

long long UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The wait a 429/503 asks for, capped; nullopt when it names none.
std::optional<std::chrono::milliseconds> RetryAfter(const Transfer& transfer, int status, const FetchOptions& options) {
  if (status != 429 && status != 503) return std::nullopt;
  std::optional<std::chrono::seconds> wait =
      ParseRetryAfter(HeaderValue(transfer.response_headers, "retry-after"), UnixNow());
  if (!wait) return std::nullopt;
  return std::min<std::chrono::milliseconds>(*wait, std::chrono::milliseconds(std::max(0, options.max_retry_wait_ms)));
}

Error HttpStatusError(const Transfer& transfer, int status, const std::string& final_url) {
  const std::string& url = transfer.url;
  std::string where = final_url == url ? "" : " (at " + final_url + ")";
  std::string head = url + ": HTTP " + std::to_string(status) + where;
  if (std::optional<std::string> vendor = DetectBotProtection(status, transfer.response_headers, transfer.body))
    return MakeError(ErrorKind::kHttp, head + ", blocked by bot protection (" + *vendor +
                                           "); the site refuses automated readers, try its official feed URL"
                                           " or remove the source");
  std::string retry_after = HeaderValue(transfer.response_headers, "retry-after");
  if ((status == 429 || status == 503) && !retry_after.empty() &&
      retry_after.find_first_of("\r\n") == std::string::npos)
    head += " (Retry-After: " + retry_after + ")";
  std::string next = status == 429   ? "the server asks us to slow down, try later or raise per_host_delay_ms"
                     : status >= 500 ? "the server failed, try later"
                     : status >= 400 ? "check the URL"
                                     : "the server sent no usable answer, check the URL";
  return MakeError(ErrorKind::kHttp, head + "; " + next);
}

// `any_status`: a non-2xx answer is a response, not an Error (robots.txt needs the status).
Result<FetchResponse> CompleteTransfer(Transfer& transfer, CURLcode code, const FetchRequest& request,
                                       const FetchOptions& options, bool any_status) {
  const std::string& url = transfer.url;
  if (transfer.body_too_large || code == CURLE_FILESIZE_EXCEEDED)
    return MakeError(ErrorKind::kRefused, url + " refused: the body is larger than the " +
                                              DescribeSize(options.max_body_bytes) +
                                              " cap; raise max_body_bytes in [fetch] if this source is trusted");
  if (code != CURLE_OK && !transfer.guard.refused_ip.empty()) {
    std::string final_url = EffectiveUrl(transfer.easy);
    std::string via = final_url.empty() || final_url == url ? "" : " (redirected to " + final_url + ")";
    return MakeError(ErrorKind::kRefused, url + via + " refused: " + transfer.guard.refused_ip +
                                              " is a private address; set allow_private_networks = true in [fetch]"
                                              " if this source is on your own network");
  }
  if (code != CURLE_OK) return TransferError(transfer, code, options);

  FetchResponse response;
  long status = 0;
  char* content_type = nullptr;
  curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(transfer.easy, CURLINFO_CONTENT_TYPE, &content_type);
  response.status = static_cast<int>(status);
  response.url = EffectiveUrl(transfer.easy);
  if (content_type != nullptr) response.content_type = content_type;
  response.etag = HeaderValue(transfer.response_headers, "etag");
  response.last_modified = HeaderValue(transfer.response_headers, "last-modified");
  if (transfer.redirect_hops > 0 && !transfer.temporary_hop) response.permanent_redirect_url = response.url;
  response.max_age_seconds = CacheMaxAge(HeaderValue(transfer.response_headers, "cache-control"));
  long version = 0;
  curl_easy_getinfo(transfer.easy, CURLINFO_HTTP_VERSION, &version);
  response.http_version = version == CURL_HTTP_VERSION_1_0   ? 10
                          : version == CURL_HTTP_VERSION_1_1 ? 11
                          : version == CURL_HTTP_VERSION_2_0 ? 20
                          : version == CURL_HTTP_VERSION_3   ? 30
                                                             : 0;
  if (status == 304) {
    // Servers need not repeat validators on 304; the request's still hold.
    if (response.etag.empty()) response.etag = request.etag;
    if (response.last_modified.empty()) response.last_modified = request.last_modified;
    return response;
  }
  if ((status < 200 || status > 299) && !any_status)
    return HttpStatusError(transfer, static_cast<int>(status), response.url);
  response.body = std::move(transfer.body);
  return response;
}

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};

// Failures that may well go away on their own: the connection, not the request, failed.
bool IsTransientCurlError(CURLcode code) {
  return code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT || code == CURLE_GOT_NOTHING ||
         code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_PARTIAL_FILE;
}

double JitterUnit() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// "scheme://host[:port]": the scope of one robots.txt.
std::string Origin(const UrlParts& parts) {
  std::string host = parts.host.find(':') != std::string::npos ? "[" + parts.host + "]" : parts.host;
  return parts.scheme + "://" + host + (parts.port != 0 ? ":" + std::to_string(parts.port) : "");
}

// What an origin's robots.txt says; `unreadable` explains a "disallow all"
// that comes from failing to read it (RFC 9309 §2.3.1.4) rather than from it.
struct RobotsVerdict {
  RobotsRules rules;
  std::string unreadable;  // "HTTP 503", the fetch error...; "" when read or missing
};

using RobotsByOrigin = std::map<std::string, RobotsVerdict>;

// One FetchAll call: the queue, the transfers in flight, the retries waiting
// and the results.
class Batch {
 public:
  // `robots` holds the rules of every origin of a request with obey_robots;
  // `any_status` makes non-2xx answers responses instead of Errors. Each
  // result goes to `on_result` as soon as it is settled.
  Batch(const FetchOptions& options, const std::vector<FetchRequest>& requests, const Fetcher::ResultFn& on_result,
        const RobotsByOrigin& robots, bool any_status)
      : options_(options),
        requests_(requests),
        on_result_(on_result),
        robots_(robots),
        any_status_(any_status),
        scheduler_(options.max_parallel, options.max_per_host, std::chrono::milliseconds(options.per_host_delay_ms)),
        urls_(requests.size()),
        hosts_(requests.size()),
        retries_done_(requests.size(), 0),
        settled_(requests.size(), false),
        transfers_(requests.size()) {}

  void Run() {
    // Before robots.txt is consulted: one left unread by the stop refuses nothing.
    if (StopAsked()) return StopStarting();
    for (size_t i = 0; i < requests_.size(); ++i) Enqueue(i);
    while (HasWork()) {
      if (Asked(options_.cancel_requested)) {
        StopStarting();
        CollectFinished();  // answers already complete are kept
        AbortRunning();
        return;
      }
      if (!stopping_ && StopAsked()) StopStarting();
      if (!stopping_) {
        RequeueDueRetries(Clock::now());
        StartReady();
      }
      int still_running = 0;
      curl_multi_perform(multi_.get(), &still_running);
      // A finished transfer may have freed a slot: look at the queue again before waiting.
      if (!CollectFinished() && HasWork()) curl_multi_poll(multi_.get(), nullptr, 0, PollTimeoutMs(), nullptr);
    }
  }

 private:
  // Once stopping, the requests still queued are settled already: only the running ones count.
  bool HasWork() const {
    return scheduler_.running() + (stopping_ ? 0 : scheduler_.queued() + waiting_retries_.size()) > 0;
  }

  bool StopAsked() const { return Asked(options_.stop_starting) || Asked(options_.cancel_requested); }

  // Settles every request not started as cancelled; none starts from now on.
  // Requests waiting for a shared slot hold a scheduler slot, given back here.
  void StopStarting() {
    stopping_ = true;
    for (const auto& [when, i] : waiting_slots_) scheduler_.Finish(hosts_[i]);
    waiting_slots_.clear();
    waiting_retries_.clear();
    for (size_t i = 0; i < requests_.size(); ++i)
      if (!settled_[i] && !transfers_[i]) Settle(i, CancelledError(requests_[i].url));
  }

  void AbortRunning() {
    for (size_t i = 0; i < transfers_.size(); ++i) {
      if (!transfers_[i]) continue;
      curl_multi_remove_handle(multi_.get(), transfers_[i]->easy);
      transfers_[i].reset();
      scheduler_.Finish(hosts_[i]);
      Settle(i, CancelledError(urls_[i]));
    }
  }

  // Queues request i, or settles it at once when its URL cannot be fetched;
  // other schemes and robots.txt refusals are settled here, before any I/O.
  void Enqueue(size_t i) {
    urls_[i] = std::string(Trim(requests_[i].url));
    if (!IsHttpUrl(urls_[i])) {
      Settle(i, MakeError(ErrorKind::kRefused, "'" + requests_[i].url +
                                                   "' refused: only http and https URLs are fetched; "
                                                   "give this source an http:// or https:// URL"));
      return;
    }
    Result<UrlParts> parts = ParseHttpUrl(urls_[i]);
    if (!parts) {
      Settle(i, parts.error());
      return;
    }
    if (requests_[i].obey_robots) {
      if (std::optional<Error> refusal = RobotsRefusal(i, *parts)) {
        Settle(i, *refusal);
        return;
      }
    }
    hosts_[i] = parts->host;
    scheduler_.Enqueue(i, hosts_[i]);
  }

  std::optional<Error> RobotsRefusal(size_t i, const UrlParts& parts) const {
    std::string robots_url = Origin(parts) + "/robots.txt";
    auto it = robots_.find(Origin(parts));
    std::string path = parts.path + (parts.query.empty() ? "" : "?" + parts.query);
    if (it == robots_.end() || it->second.rules.IsAllowed(path)) return std::nullopt;
    if (!it->second.unreadable.empty())
      return MakeError(ErrorKind::kRefused, urls_[i] + " refused: " + robots_url + " could not be read (" +
                                                it->second.unreadable +
                                                "), and RFC 9309 says to fetch nothing from the site until it"
                                                " can; try later");
    return MakeError(ErrorKind::kRefused,
                     urls_[i] + " refused: disallowed by " + robots_url + "; the site asks crawlers not to fetch it");
  }

  void StartReady() {
    while (std::optional<size_t> next = scheduler_.StartNext(Clock::now())) {
      size_t i = *next;
      if (std::optional<Clock::time_point> slot = SharedSlot(i)) {
        waiting_slots_.emplace_back(*slot, i);  // keeps its place in the scheduler meanwhile
        continue;
      }
      Begin(i);
    }
    Clock::time_point now = Clock::now();
    for (size_t k = 0; k < waiting_slots_.size();) {
      if (waiting_slots_[k].first > now) {
        ++k;
        continue;
      }
      size_t i = waiting_slots_[k].second;
      waiting_slots_.erase(waiting_slots_.begin() + static_cast<std::ptrdiff_t>(k));
      Begin(i);
    }
  }

  // With FetchOptions::reserve_host_slot: when request i may start, if later
  // than now (other processes fetch from the same host). nullopt: at once,
  // also when the hook fails (the in-process delay has been kept).
  std::optional<Clock::time_point> SharedSlot(size_t i) const {
    if (!options_.reserve_host_slot) return std::nullopt;
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    Result<int64_t> slot = options_.reserve_host_slot(hosts_[i], now_ms, options_.per_host_delay_ms);
    if (!slot.ok() || *slot <= now_ms) return std::nullopt;
    return Clock::now() + std::chrono::milliseconds(*slot - now_ms);
  }

  // Starts request i's transfer (its scheduler slot is taken).
  void Begin(size_t i) {
    Result<std::unique_ptr<Transfer>> transfer = NewTransfer(i, urls_[i], requests_[i], options_);
    if (!transfer) {
      Settle(i, transfer.error());
      scheduler_.Finish(hosts_[i]);
      return;
    }
    if (CURLMcode code = curl_multi_add_handle(multi_.get(), (*transfer)->easy); code != CURLM_OK) {
      Settle(i, MakeError(ErrorKind::kInternal,
                          urls_[i] + ": cannot start the transfer (" + curl_multi_strerror(code) + ")"));
      scheduler_.Finish(hosts_[i]);
      return;
    }
    transfers_[i] = std::move(*transfer);
  }

  // Settles (or schedules a retry of) every transfer curl reports done; true
  // when there was one.
  bool CollectFinished() {
    bool any = false;
    int queued_messages = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued_messages)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* transfer = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
      CURLcode code = message->data.result;
      curl_multi_remove_handle(multi_.get(), message->easy_handle);
      size_t i = transfer->index;
      if (std::optional<std::chrono::milliseconds> wait = RetryWait(*transfer, code, retries_done_[i]);
          wait && stopping_) {
        Settle(i, CancelledError(urls_[i]));  // the retry would start after the stop
      } else if (wait) {
        ++retries_done_[i];
        waiting_retries_.emplace_back(Clock::now() + *wait, i);
      } else {
        Settle(i, WithAttempts(CompleteTransfer(*transfer, code, requests_[i], options_, any_status_), i));
      }
      scheduler_.Finish(hosts_[i]);
      transfers_[i].reset();
      any = true;
    }
    return any;
  }

  // How long to wait before trying request i again; nullopt to give up now.
  std::optional<std::chrono::milliseconds> RetryWait(const Transfer& transfer, CURLcode code, int retries_done) const {
    if (retries_done >= options_.max_retries || transfer.body_too_large || !transfer.guard.refused_ip.empty())
      return std::nullopt;
    std::chrono::milliseconds cap(std::max(0, options_.max_retry_wait_ms));
    std::chrono::milliseconds backoff = BackoffDelay(
        retries_done, std::chrono::milliseconds(std::max(0, options_.retry_base_delay_ms)), JitterUnit(), cap);
    if (code != CURLE_OK) return IsTransientCurlError(code) ? std::optional(backoff) : std::nullopt;
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    if (!IsTransientStatus(static_cast<int>(status))) return std::nullopt;
    // A challenge page does not go away by asking again.
    if (DetectBotProtection(static_cast<int>(status), transfer.response_headers, transfer.body)) return std::nullopt;
    return RetryAfter(transfer, static_cast<int>(status), options_).value_or(backoff);
  }

  Result<FetchResponse> WithAttempts(Result<FetchResponse> result, size_t i) const {
    if (result.ok() || retries_done_[i] == 0) return result;
    Error error = result.error();
    error.message += " (gave up after " + std::to_string(retries_done_[i] + 1) + " attempts)";
    return error;
  }

  void RequeueDueRetries(Clock::time_point now) {
    for (size_t k = 0; k < waiting_retries_.size();) {
      if (waiting_retries_[k].first > now) {
        ++k;
        continue;
      }
      scheduler_.Enqueue(waiting_retries_[k].second, hosts_[waiting_retries_[k].second]);
      waiting_retries_.erase(waiting_retries_.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }

  void Settle(size_t i, Result<FetchResponse> result) {
    settled_[i] = true;
    // robots.txt reads are not counted, nor fetches the stop left undone.
    if (!any_status_ && (result.ok() || !IsCancelled(result.error()))) CountFetchResult(requests_[i], result);
    on_result_(i, std::move(result));
  }

  // How long to wait for network activity before the scheduler or a waiting
  // retry needs another look; capped so that a missed wake-up costs a second,
  // not a hang, and a stop is seen within 100 ms.
  int PollTimeoutMs() const {
    const bool stoppable = options_.stop_starting || options_.cancel_requested;
    const int kMaxWaitMs = stoppable ? 100 : 1000;
    Clock::time_point now = Clock::now();
    std::optional<Clock::time_point> expiry = scheduler_.NextDelayExpiry(now);
    for (const auto& [when, index] : waiting_retries_)
      if (!expiry || when < *expiry) expiry = when;
    for (const auto& [when, index] : waiting_slots_)
      if (!expiry || when < *expiry) expiry = when;
    if (!expiry) return kMaxWaitMs;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*expiry - now).count() + 1;
    return static_cast<int>(std::clamp<long long>(ms, 0, kMaxWaitMs));
  }

  const FetchOptions& options_;
  const std::vector<FetchRequest>& requests_;
  const Fetcher::ResultFn& on_result_;
  const RobotsByOrigin& robots_;
  const bool any_status_;
  HostScheduler scheduler_;
  std::vector<std::string> urls_;   // trimmed
  std::vector<std::string> hosts_;  // the scheduler's key
  std::vector<int> retries_done_;
  std::vector<bool> settled_;
  bool stopping_ = false;  // StopStarting has run
  std::vector<std::pair<Clock::time_point, size_t>> waiting_retries_;  // (when due, request)
  std::vector<std::pair<Clock::time_point, size_t>> waiting_slots_;    // (reserved start, request)
  std::unique_ptr<CURLM, MultiDeleter> multi_{curl_multi_init()};
  std::vector<std::unique_ptr<Transfer>> transfers_;  // after multi_: destroyed first
};

// RFC 9309 §2.3.1: a robots.txt that exists is obeyed; one that is missing
// (4xx) allows everything; an unreachable one (5xx, network failure) means
// "disallow everything" until it can be read.
// A robots.txt refused by our own policy (private address, size cap) says
// nothing about the site: everything is allowed and the page fetch meets the
// same policy with its own, clearer error.
RobotsVerdict VerdictFromFetch(const Result<FetchResponse>& fetched, const std::string& product_token) {
  if (!fetched.ok()) {
    if (fetched.error().kind == ErrorKind::kRefused) return {RobotsRules::AllowAll(), ""};
    return {RobotsRules::DisallowAll(), fetched.message()};
  }
  if (fetched->status >= 200 && fetched->status <= 299) return {RobotsRules::Parse(fetched->body, product_token), ""};
  if (fetched->status >= 400 && fetched->status <= 499) return {RobotsRules::AllowAll(), ""};
  return {RobotsRules::DisallowAll(), "HTTP " + std::to_string(fetched->status)};
}

// RFC 9309 §2.4: crawlers should not use a cached robots.txt for more than a day.
constexpr std::chrono::hours kRobotsTtl{24};
// Beyond this many origins the cache starts over rather than grow without end.
constexpr size_t kMaxRobotsCached = 10000;
// RFC 9309 §2.5 asks parsers to read at least 500 KiB.
constexpr size_t kMaxRobotsBytes = 512 * 1024;

// Runs `fetch` (which settles `count` results through the sink it is given)
// and returns the results in request order.
std::vector<Result<FetchResponse>> InRequestOrder(size_t count,
                                                  const std::function<void(const Fetcher::ResultFn&)>& fetch,
                                                  const std::function<void(size_t, size_t)>& on_done = {}) {
  std::vector<std::optional<Result<FetchResponse>>> results(count);
  size_t settled = 0;
  fetch([&](size_t i, Result<FetchResponse> result) {
    results[i] = std::move(result);
    if (on_done) on_done(++settled, count);
  });
  std::vector<Result<FetchResponse>> out;
  out.reserve(count);
  for (auto& result : results) out.push_back(std::move(*result));
  return out;
}

}  // namespace

struct Fetcher::Impl {
  FetchOptions options;
  std::mutex robots_mutex;
  std::map<std::string, std::pair<RobotsVerdict, Clock::time_point>> robots_cache;  // origin -> (verdict, read at)

  // The robots.txt rules of every origin a request with obey_robots names:
  // from the cache, the missing ones fetched together. An unreadable one is
  // not cached, so the next call asks again.
  RobotsByOrigin RobotsFor(const std::vector<FetchRequest>& requests) {
    RobotsByOrigin found;
    std::vector<std::string> missing;
    Clock::time_point now = Clock::now();
    {
      std::lock_guard<std::mutex> lock(robots_mutex);
      for (const FetchRequest& request : requests) {
        if (!request.obey_robots) continue;
        Result<UrlParts> parts = ParseHttpUrl(Trim(request.url));
        if (!parts) continue;  // settled as invalid by the batch
        std::string origin = Origin(*parts);
        if (found.count(origin) || std::find(missing.begin(), missing.end(), origin) != missing.end()) continue;
        auto it = robots_cache.find(origin);
        if (it != robots_cache.end() && now - it->second.second < kRobotsTtl)
          found.emplace(origin, it->second.first);
        else
          missing.push_back(origin);
      }
    }
    if (missing.empty()) return found;
    std::vector<FetchRequest> robots_requests;
    for (const std::string& origin : missing)
      robots_requests.push_back(FetchRequest{origin + "/robots.txt", "", "", false});
    FetchOptions robots_options = options;
    robots_options.max_body_bytes = std::min(options.max_body_bytes, kMaxRobotsBytes);
    std::vector<Result<FetchResponse>> fetched = InRequestOrder(robots_requests.size(), [&](const Fetcher::ResultFn& sink) {
      Batch(robots_options, robots_requests, sink, RobotsByOrigin{}, /*any_status=*/true).Run();
    });
    std::string token = ProductToken(options.user_agent);
    std::lock_guard<std::mutex> lock(robots_mutex);
    if (robots_cache.size() + missing.size() > kMaxRobotsCached) robots_cache.clear();
    for (size_t k = 0; k < missing.size(); ++k) {
      RobotsVerdict verdict = VerdictFromFetch(fetched[k], token);
      if (verdict.unreadable.empty()) robots_cache[missing[k]] = {verdict, now};
      found.emplace(missing[k], std::move(verdict));
    }
    return found;
  }
};

Fetcher::Fetcher(FetchOptions options) : impl_(new Impl{std::move(options), {}, {}}) { InitCurlOnce(); }

Fetcher::~Fetcher() { delete impl_; }

std::vector<Result<FetchResponse>> Fetcher::FetchAll(const std::vector<FetchRequest>& requests,
                                                     const std::function<void(size_t, size_t)>& on_done) {
  return InRequestOrder(
      requests.size(), [&](const ResultFn& sink) { FetchEach(requests, sink); }, on_done);
}

void Fetcher::FetchEach(const std::vector<FetchRequest>& requests, const ResultFn& on_result) {
  RobotsByOrigin robots = impl_->RobotsFor(requests);
  Batch(impl_->options, requests, on_result, robots, /*any_status=*/false).Run();
}

Result<FetchResponse> Fetcher::Fetch(const FetchRequest& request) { return std::move(FetchAll({request}).front()); }

bool IsCancelled(const Error& error) {
  const std::string_view text = kCancelledText;
  return error.kind == ErrorKind::kIo && error.message.size() >= text.size() &&
         error.message.compare(error.message.size() - text.size(), text.size(), text) == 0;
}

}  // namespace herald::net
