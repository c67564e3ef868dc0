#include "net/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "common/strings.h"
#include "common/url.h"
#include "net/host_scheduler.h"
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
  std::string etag;            // validators of the last response seen
  std::string last_modified;
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

size_t OnHeader(char* data, size_t size, size_t count, void* userdata) {
  auto* transfer = static_cast<Transfer*>(userdata);
  std::string_view line(data, size * count);
  if (StartsWithIgnoreCase(line, "HTTP/")) {
    // A new response (after a redirect): only the final one's validators count.
    transfer->etag.clear();
    transfer->last_modified.clear();
  } else if (StartsWithIgnoreCase(line, "etag:")) {
    transfer->etag = std::string(Trim(line.substr(5)));
  } else if (StartsWithIgnoreCase(line, "last-modified:")) {
    transfer->last_modified = std::string(Trim(line.substr(14)));
  }
  return size * count;
}

// Validators come from stored earlier responses; one holding a line break
// would inject headers, so it is dropped (the fetch becomes unconditional).
void AddHeader(curl_slist** list, const std::string& name, const std::string& value) {
  if (value.empty() || value.find_first_of("\r\n") != std::string::npos) return;
  *list = curl_slist_append(*list, (name + ": " + value).c_str());
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
  transfer->easy = curl_easy_init();
  if (transfer->easy == nullptr)
    return MakeError(ErrorKind::kInternal, url + ": cannot create a curl handle (out of memory?)");
  CURL* easy = transfer->easy;
  AddHeader(&transfer->headers, "If-None-Match", request.etag);
  AddHeader(&transfer->headers, "If-Modified-Since", request.last_modified);

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
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  // Refuses early when Content-Length already exceeds the cap; the write
  // callback enforces it for decoded and unannounced bodies.
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error_detail);
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
    case CURLE_COULDNT_CONNECT:
      return MakeError(ErrorKind::kNetwork, url + ": cannot connect (" + detail + "); the site may be down, try later");
    default:
      return MakeError(ErrorKind::kNetwork, url + ": transfer failed (" + detail + "); try later or check the URL");
  }
}

Result<FetchResponse> CompleteTransfer(Transfer& transfer, CURLcode code, const FetchRequest& request,
                                       const FetchOptions& options) {
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
  response.etag = transfer.etag;
  response.last_modified = transfer.last_modified;
  if (status == 304) {
    // Servers need not repeat validators on 304; the request's still hold.
    if (response.etag.empty()) response.etag = request.etag;
    if (response.last_modified.empty()) response.last_modified = request.last_modified;
    return response;
  }
  if (status < 200 || status > 299) {
    std::string where = response.url == url ? "" : " (at " + response.url + ")";
    std::string next = status >= 500   ? "the server failed, try later"
                       : status >= 400 ? "check the URL"
                                       : "the server sent no usable answer, check the URL";
    return MakeError(ErrorKind::kHttp, url + ": HTTP " + std::to_string(status) + where + "; " + next);
  }
  response.body = std::move(transfer.body);
  return response;
}

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};

// One FetchAll call: the queue, the transfers in flight and the results.
class Batch {
 public:
  Batch(const FetchOptions& options, const std::vector<FetchRequest>& requests,
        const std::function<void(size_t, size_t)>& on_done)
      : options_(options),
        requests_(requests),
        on_done_(on_done),
        scheduler_(options.max_parallel, options.max_per_host, std::chrono::milliseconds(options.per_host_delay_ms)),
        urls_(requests.size()),
        hosts_(requests.size()),
        transfers_(requests.size()),
        results_(requests.size()) {}

  std::vector<Result<FetchResponse>> Run() {
    for (size_t i = 0; i < requests_.size(); ++i) Enqueue(i);
    while (scheduler_.queued() + scheduler_.running() > 0) {
      StartReady();
      int still_running = 0;
      curl_multi_perform(multi_.get(), &still_running);
      // A finished transfer may have freed a slot: look at the queue again before waiting.
      if (!CollectFinished() && scheduler_.queued() + scheduler_.running() > 0)
        curl_multi_poll(multi_.get(), nullptr, 0, PollTimeoutMs(), nullptr);
    }
    std::vector<Result<FetchResponse>> out;
    out.reserve(results_.size());
    for (auto& result : results_) out.push_back(std::move(*result));
    return out;
  }

 private:
  // Queues request i, or settles it at once when its URL cannot be fetched;
  // other schemes are refused here, before any I/O.
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
    hosts_[i] = parts->host;
    scheduler_.Enqueue(i, hosts_[i]);
  }

  void StartReady() {
    while (std::optional<size_t> next = scheduler_.StartNext(Clock::now())) {
      size_t i = *next;
      Result<std::unique_ptr<Transfer>> transfer = NewTransfer(i, urls_[i], requests_[i], options_);
      if (!transfer) {
        Settle(i, transfer.error());
        scheduler_.Finish(hosts_[i]);
        continue;
      }
      if (CURLMcode code = curl_multi_add_handle(multi_.get(), (*transfer)->easy); code != CURLM_OK) {
        Settle(i, MakeError(ErrorKind::kInternal,
                            urls_[i] + ": cannot start the transfer (" + curl_multi_strerror(code) + ")"));
        scheduler_.Finish(hosts_[i]);
        continue;
      }
      transfers_[i] = std::move(*transfer);
    }
  }

  // Settles every transfer curl reports done; true when there was one.
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
      Settle(i, CompleteTransfer(*transfer, code, requests_[i], options_));
      scheduler_.Finish(hosts_[i]);
      transfers_[i].reset();
      any = true;
    }
    return any;
  }

  void Settle(size_t i, Result<FetchResponse> result) {
    results_[i] = std::move(result);
    ++settled_;
    if (on_done_) on_done_(settled_, results_.size());
  }

  // How long to wait for network activity before the scheduler needs another
  // look; capped so that a missed wake-up costs a second, not a hang.
  int PollTimeoutMs() const {
    constexpr int kMaxWaitMs = 1000;
    Clock::time_point now = Clock::now();
    std::optional<Clock::time_point> expiry = scheduler_.NextDelayExpiry(now);
    if (!expiry) return kMaxWaitMs;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*expiry - now).count() + 1;
    return static_cast<int>(std::clamp<long long>(ms, 0, kMaxWaitMs));
  }

  const FetchOptions& options_;
  const std::vector<FetchRequest>& requests_;
  const std::function<void(size_t, size_t)>& on_done_;
  HostScheduler scheduler_;
  std::vector<std::string> urls_;   // trimmed
  std::vector<std::string> hosts_;  // the scheduler's key
  std::unique_ptr<CURLM, MultiDeleter> multi_{curl_multi_init()};
  std::vector<std::unique_ptr<Transfer>> transfers_;  // after multi_: destroyed first
  std::vector<std::optional<Result<FetchResponse>>> results_;
  size_t settled_ = 0;
};

}  // namespace

struct Fetcher::Impl {
  FetchOptions options;
};

Fetcher::Fetcher(FetchOptions options) : impl_(new Impl{std::move(options)}) { InitCurlOnce(); }

Fetcher::~Fetcher() { delete impl_; }

std::vector<Result<FetchResponse>> Fetcher::FetchAll(const std::vector<FetchRequest>& requests,
                                                     const std::function<void(size_t, size_t)>& on_done) {
  return Batch(impl_->options, requests, on_done).Run();
}

Result<FetchResponse> Fetcher::Fetch(const FetchRequest& request) { return std::move(FetchAll({request}).front()); }

}  // namespace herald::net
