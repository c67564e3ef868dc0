// libFuzzer target: the bytes of one HTTP/1.1 request, parsed as the server
// parses them (httpd/request_parse.h, the server's limits), then every helper
// that reads a part of a request: conditional and content-coding headers
// (httpd/http_cache.h) and the image proxy's /img/ paths. None may crash;
// a parsed HTTP date must survive a round trip. (The whole site's reading
// of requests is site_request_fuzzer.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "httpd/http_cache.h"
#include "httpd/request_parse.h"
#include "imageproxy/imageproxy.h"
#include "imageproxy/url_signer.h"

namespace {

using herald::httpd::Request;

// One proxy for the whole run: its secret and cache live in a temp folder.
herald::imageproxy::ImageProxy* Proxy() {
  static std::unique_ptr<herald::imageproxy::ImageProxy> proxy = [] {
    char dir[] = "/tmp/herald-fuzz-imgXXXXXX";
    herald::imageproxy::ImageProxyOptions options;
    options.data_dir = mkdtemp(dir) ? dir : "/tmp";
    auto opened = herald::imageproxy::ImageProxy::Open(options);
    if (!opened.ok()) std::abort();
    return std::move(*opened);
  }();
  return proxy.get();
}

void CheckDateRoundTrip(std::string_view text) {
  auto when = herald::httpd::ParseHttpDate(text);
  if (!when) return;
  auto again = herald::httpd::ParseHttpDate(herald::httpd::HttpDate(*when));
  if (!again || *again != *when) std::abort();
}

void ReadRequestParts(const Request& request) {
  herald::httpd::Response page;
  page.body = "<p>" + request.path + "</p>";
  page.headers.push_back({"Last-Modified", herald::httpd::HttpDate(1700000000)});
  auto negotiated = herald::httpd::Negotiate(request, page);
  if (negotiated.status != 200 && negotiated.status != 304) std::abort();
  (void)herald::httpd::EtagMatches(request.Header("if-none-match"), "\"0123456789abcdef\"");
  CheckDateRoundTrip(request.Header("if-modified-since"));
  (void)herald::httpd::IsCompressible(request.Header("content-type"));
  (void)herald::imageproxy::Base64UrlDecode(request.path.substr(request.path.rfind('/') + 1));
  if (request.path.rfind("/img/", 0) == 0) {
    int status = Proxy()->Serve(request).status;
    // Unsigned paths never reach the fetcher: only "malformed" or "bad signature".
    if (status != 404 && status != 403 && status != 405) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  herald::httpd::ServerOptions limits;  // the server's defaults
  if (auto request = herald::httpd::ParseRequestBytes(bytes, limits); request.ok()) ReadRequestParts(*request);
  herald::httpd::ServerOptions tight;   // limits the input can reach
  tight.max_header_bytes = 512;
  tight.max_body_bytes = 64;
  (void)herald::httpd::ParseRequestBytes(bytes, tight);
  return 0;
}
