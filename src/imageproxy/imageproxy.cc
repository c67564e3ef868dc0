#include "imageproxy/imageproxy.h"

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

#include "common/strings.h"
#include "common/url.h"
#include "httpd/http_cache.h"
#include "imageproxy/disk_cache.h"
#include "imageproxy/image_type.h"
#include "imageproxy/thumbnail.h"
#include "imageproxy/url_signer.h"

namespace herald::imageproxy {
namespace {

constexpr std::string_view kPrefix = "/img/";
constexpr size_t kMaxUrlBytes = 4096;

struct ProxyTarget {
  std::string signature;
  int width = 0;
  std::string url;
};

bool IsAllowedWidth(int width) {
  return std::find(std::begin(kAllowedWidths), std::end(kAllowedWidths), width) != std::end(kAllowedWidths);
}

int AllowedWidthFor(int width) {
  if (width <= 0) return 0;
  for (int allowed : kAllowedWidths)
    if (allowed > 0 && allowed >= width) return allowed;
  return 0;
}

bool IsPrintableUrl(std::string_view url) {
  return std::none_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

// "/img/<signature>/<width>/<url>" -> its parts; nullopt for any other shape.
// Every segment has a closed alphabet (base64url, digits), so "..", "%2e"
// or a slash cannot pass.
std::optional<ProxyTarget> ParseProxyPath(std::string_view path) {
  if (!path.starts_with(kPrefix)) return std::nullopt;
  std::vector<std::string> segments = Split(path.substr(kPrefix.size()), '/');
  if (segments.size() != 3) return std::nullopt;
  const std::string& width = segments[1];
  if (width.empty() || width.size() > 4 ||
      !std::all_of(width.begin(), width.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  ProxyTarget target{segments[0], std::stoi(width), ""};
  if (!IsAllowedWidth(target.width) || std::to_string(target.width) != width) return std::nullopt;
  if (target.signature.empty() || !Base64UrlDecode(target.signature)) return std::nullopt;
  if (segments[2].size() > kMaxUrlBytes * 4 / 3 + 4) return std::nullopt;
  std::optional<std::string> url = Base64UrlDecode(segments[2]);
  if (!url || !IsHttpUrl(*url) || !IsPrintableUrl(*url)) return std::nullopt;
  target.url = std::move(*url);
  return target;
}

// Headers every answer carries, image or error.
void AddSafetyHeaders(httpd::Response& response) {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
}

httpd::Response TextResponse(int status, std::string text) {
  httpd::Response response{status, "text/plain; charset=utf-8", {}, std::move(text) + "\n"};
  AddSafetyHeaders(response);
  // Failures are remembered briefly here too: short enough to heal.
  response.headers.emplace_back("Cache-Control", "public, max-age=300");
  return response;
}

httpd::Response ImageResponse(const httpd::Request& request, std::string bytes) {
  std::string etag = "\"" + Sha256Hex(bytes).substr(0, 32) + "\"";
  httpd::Response response;
  response.headers = {{"Cache-Control", "public, max-age=31536000, immutable"}, {"ETag", etag}};
  AddSafetyHeaders(response);
  response.content_type = std::string(MimeType(SniffImageType(bytes)));
  if (httpd::EtagMatches(request.Header("if-none-match"), etag)) {
    response.status = 304;
    return response;
  }
  response.body = std::move(bytes);
  return response;
}

// What fetching and resizing came to: the encoded image or why not.
using Outcome = std::variant<std::string, CachedFailure>;

CachedFailure Failure(int status, std::string message) { return CachedFailure{status, std::move(message)}; }

// What a reader is told; the detailed reason stays in the cache folder.
httpd::Response FailureResponse(int status) {
  switch (status) {
    case 403: return TextResponse(status, "image refused");
    case 413: return TextResponse(status, "image too large");
    case 415: return TextResponse(status, "not an image");
    case 422: return TextResponse(status, "image cannot be decoded");
    case 502: return TextResponse(status, "image could not be fetched");
    default: return TextResponse(status, "image unavailable");
  }
}

}  // namespace

struct ImageProxy::Impl {
  ImageProxyOptions options;
  UrlSigner signer;
  std::unique_ptr<DiskCache> cache;
  net::Fetcher fetcher;
  std::mutex in_flight_mutex;
  std::map<std::string, std::shared_future<Outcome>> in_flight;  // by cache key

  Impl(ImageProxyOptions opts, UrlSigner url_signer, std::unique_ptr<DiskCache> disk_cache, net::FetchOptions fetch)
      : options(std::move(opts)), signer(std::move(url_signer)), cache(std::move(disk_cache)), fetcher(fetch) {}

  Outcome FetchAndResize(const std::string& url, int width);
  Outcome FetchStoreOrReuse(const std::string& key, const std::string& url, int width);
  Outcome Produce(const std::string& key, const std::string& url, int width);
};

Outcome ImageProxy::Impl::FetchAndResize(const std::string& url, int width) {
  auto fetched = fetcher.Fetch(net::FetchRequest{url});
  if (!fetched.ok()) {
    // The fetcher's message names addresses and settings: kept for the
    // cache file, while readers get a plain reason.
    if (fetched.error().kind == ErrorKind::kRefused) return Failure(403, "image refused: " + fetched.message());
    return Failure(502, "image could not be fetched: " + fetched.message());
  }
  if (fetched->status != 200) return Failure(502, "image could not be fetched: HTTP " + std::to_string(fetched->status));
  ImageType declared = ImageTypeFromContentType(fetched->content_type);
  ImageType actual = SniffImageType(fetched->body);
  if (declared == ImageType::kUnknown || declared != actual)
    return Failure(415, "not an image: Content-Type \"" + fetched->content_type.substr(0, 64) +
                            "\" and the bytes do not name the same JPEG, PNG, GIF, WebP or AVIF format");
  auto thumbnail = MakeThumbnail(fetched->body, width, options.max_pixels);
  if (!thumbnail.ok()) {
    int status = thumbnail.error().kind == ErrorKind::kRefused ? 413 : 422;
    return Failure(status, "image refused: " + thumbnail.message());
  }
  return std::move(thumbnail->bytes);
}

Outcome ImageProxy::Impl::FetchStoreOrReuse(const std::string& key, const std::string& url, int width) {
  // Another request may have finished this key between our miss and now.
  if (auto bytes = cache->Get(key)) return std::move(*bytes);
  Outcome outcome = FetchAndResize(url, width);
  if (auto* bytes = std::get_if<std::string>(&outcome)) {
    (void)cache->Put(key, *bytes);  // a full disk costs a refetch later, not this answer
  } else {
    (void)cache->PutFailure(key, std::get<CachedFailure>(outcome));
  }
  return outcome;
}

// One fetch per key at a time: later callers wait for the first one's outcome.
Outcome ImageProxy::Impl::Produce(const std::string& key, const std::string& url, int width) {
  std::promise<Outcome> promise;
  std::shared_future<Outcome> pending;
  {
    std::lock_guard lock(in_flight_mutex);
    if (auto it = in_flight.find(key); it != in_flight.end()) {
      pending = it->second;
    } else {
      in_flight.emplace(key, promise.get_future().share());
    }
  }
  if (pending.valid()) return pending.get();
  Outcome outcome;
  try {
    outcome = FetchStoreOrReuse(key, url, width);
  } catch (const std::exception& e) {  // std::bad_alloc, say: waiters must still be answered
    outcome = Failure(500, std::string("image could not be processed: ") + e.what());
  }
  promise.set_value(outcome);
  std::lock_guard lock(in_flight_mutex);
  in_flight.erase(key);
  return outcome;
}

Result<std::unique_ptr<ImageProxy>> ImageProxy::Open(ImageProxyOptions options) {
  auto signer = UrlSigner::LoadOrCreate(options.data_dir + "/image_proxy.key");
  if (!signer.ok()) return signer.error();
  DiskCacheOptions cache_options{options.data_dir + "/images", options.cache_max_bytes, options.failure_ttl_seconds};
  auto cache = DiskCache::Open(std::move(cache_options));
  if (!cache.ok()) return cache.error();
  net::FetchOptions fetch = options.fetch;
  fetch.max_body_bytes = options.max_source_bytes;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(*signer), std::move(*cache), fetch);
  return std::unique_ptr<ImageProxy>(new ImageProxy(std::move(impl)));
}

ImageProxy::ImageProxy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ImageProxy::~ImageProxy() = default;

std::string ImageProxy::ProxyPath(std::string_view image_url, int width) const {
  if (!IsHttpUrl(image_url) || image_url.size() > kMaxUrlBytes || !IsPrintableUrl(image_url)) return "";
  width = AllowedWidthFor(width);
  return std::string(kPrefix) + impl_->signer.Sign(width, image_url) + "/" + std::to_string(width) + "/" +
         Base64UrlEncode(image_url);
}

httpd::Response ImageProxy::Serve(const httpd::Request& request) {
  try {
    if (request.method != "GET" && request.method != "HEAD") {
      httpd::Response response = TextResponse(405, "method not allowed");
      response.headers.emplace_back("Allow", "GET, HEAD");
      return response;
    }
    std::optional<ProxyTarget> target = ParseProxyPath(request.path);
    if (!target) return TextResponse(404, "no such image");
    if (!impl_->signer.Verify(target->signature, target->width, target->url))
      return TextResponse(403, "bad image signature");

    std::string key = std::to_string(target->width) + " " + target->url;
    if (auto bytes = impl_->cache->Get(key)) return ImageResponse(request, std::move(*bytes));
    if (auto failure = impl_->cache->GetFailure(key)) return FailureResponse(failure->status);
    Outcome outcome = impl_->Produce(key, target->url, target->width);
    if (auto* bytes = std::get_if<std::string>(&outcome)) return ImageResponse(request, std::move(*bytes));
    return FailureResponse(std::get<CachedFailure>(outcome).status);
  } catch (const std::exception&) {
    return TextResponse(500, "image proxy failure");
  }
}

}  // namespace herald::imageproxy
