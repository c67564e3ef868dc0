// imageproxy/: a caching image proxy, so readers' browsers never contact
// publishers' servers.
//
//   GET /img/<signature>/<width>/<base64url(url)>
//
// Contract: only paths made by ProxyPath are served (the signature is an
// HMAC-SHA256 under a secret kept in the data folder); anything else under
// /img/ is 404 when malformed and 403 when the signature does not match.
// An image is fetched once with the project's Fetcher (http/https only,
// private addresses refused unless FetchOptions allow them, at most
// max_source_bytes), accepted only when its Content-Type and its leading
// bytes name the same raster format (JPEG, PNG, GIF, WebP, AVIF; never SVG
// or HTML), refused above max_pixels before decoding, resized once
// (imageproxy/thumbnail.h) and cached under <data_dir>/images/ (file names
// are hashes: no part of a request reaches a path). Failures are remembered
// for failure_ttl_seconds. Concurrent requests for one missing image share
// one fetch. Image answers are immutable for a year; every answer carries
// nosniff and "Content-Security-Policy: default-src 'none'".
// Serve is thread-safe and never throws.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "httpd/server.h"
#include "net/fetcher.h"

namespace herald::imageproxy {

struct ImageProxyOptions {
  std::string data_dir;                    // secret: <data_dir>/image_proxy.key; cache: <data_dir>/images/
  net::FetchOptions fetch;                 // its max_body_bytes is replaced by max_source_bytes
  size_t max_source_bytes = 8 << 20;       // 8 MiB, enforced while the body streams in
  int64_t max_pixels = 40'000'000;         // width * height of the source
  uint64_t cache_max_bytes = 256ull << 20; // 256 MiB
  int failure_ttl_seconds = 10 * 60;
};

// Widths a proxy path may ask for; 0 = the original width, at most
// kMaxOriginalWidth (thumbnail.h).
inline constexpr int kAllowedWidths[] = {0, 320, 640, 1280};

class ImageProxy {
 public:
  // Fails when the data folder cannot hold the secret or the cache.
  static Result<std::unique_ptr<ImageProxy>> Open(ImageProxyOptions options);
  ~ImageProxy();
  ImageProxy(const ImageProxy&) = delete;
  ImageProxy& operator=(const ImageProxy&) = delete;

  // The signed path for `image_url` at `width` (a width not allowed becomes
  // the smallest allowed one above it, or 0); "" when the URL is not http(s).
  std::string ProxyPath(std::string_view image_url, int width) const;

  // Answers a request whose path starts with "/img/".
  httpd::Response Serve(const httpd::Request& request);

 private:
  struct Impl;
  explicit ImageProxy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herald::imageproxy
