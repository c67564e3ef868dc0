#include "httpd/http_cache.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <cstdlib>
#include <optional>

#include "common/strings.h"

namespace herald::httpd {
namespace {

// Below this a gzip header and trailer (18 bytes) gain next to nothing.
constexpr size_t kMinCompressBytes = 256;

// Each comma-separated element of a header list, trimmed.
template <typename Fn>
void ForEachElement(std::string_view list, Fn fn) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    fn(Trim(list.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

// The q value of "gzip;q=0.5" (1 when absent, 0 when malformed).
double Quality(std::string_view params) {
  for (;;) {
    size_t semi = params.find(';');
    if (semi == std::string_view::npos) return 1.0;
    params.remove_prefix(semi + 1);
    std::string_view param = Trim(params.substr(0, params.find(';')));
    if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string value(param.substr(2));
      char* end = nullptr;
      double q = std::strtod(value.c_str(), &end);
      return end == value.c_str() + value.size() && q >= 0 && q <= 1 ? q : 0.0;
    }
  }
}

std::string ContentHash(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(body.data(), body.size(), digest, &size, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 16 && i < size; ++i) {  // 128 bits name a page well enough
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}


bool HasHeader(const Response& r, std::string_view name) {
  for (const auto& [key, value] : r.headers)
    if (ToLowerAscii(key) == name) return true;
  return false;
}

std::string HeaderValue(const Response& r, std::string_view name) {
  for (const auto& [key, value] : r.headers)
    if (ToLowerAscii(key) == name) return value;
  return "";
}

}  // namespace

std::optional<std::string> Gzip(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper rather than zlib's. Level 6 is
  // zlib's own default balance of size and speed.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<double> gzip, any;
  ForEachElement(accept_encoding, [&](std::string_view element) {
    std::string coding = ToLowerAscii(std::string(Trim(element.substr(0, element.find(';')))));
    double q = Quality(element);
    if (coding == "gzip" || coding == "x-gzip") gzip = q;
    if (coding == "*") any = q;
  });
  if (gzip) return *gzip > 0;
  return any && *any > 0;
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  auto opaque = [](std::string_view tag) { return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag; };
  bool match = false;
  ForEachElement(if_none_match, [&](std::string_view element) {
    if (element == "*" || (!element.empty() && opaque(element) == opaque(etag))) match = true;
  });
  return match;
}

bool IsCompressible(std::string_view content_type) {
  std::string type = ToLowerAscii(std::string(Trim(content_type.substr(0, content_type.find(';')))));
  if (type.rfind("text/", 0) == 0) return true;
  for (const char* t : {"application/json", "application/feed+json", "application/xml", "application/javascript",
                        "image/svg+xml"})
    if (type == t) return true;
  return type.size() > 4 && (type.ends_with("+xml") || type.ends_with("+json"));
}

Response Negotiate(const Request& request, Response response) {
  if (response.status != 200 || (request.method != "GET" && request.method != "HEAD")) return response;
  if (response.stream) return response;  // the body is not known yet: nothing to hash or compress
  bool compressible = IsCompressible(response.content_type) && !HasHeader(response, "content-encoding");
  bool gzip = compressible && response.body.size() >= kMinCompressBytes &&
              AcceptsGzip(request.Header("accept-encoding"));
  if (compressible) response.headers.emplace_back("Vary", "Accept-Encoding");

  std::string etag = HeaderValue(response, "etag");
  bool own_etag = etag.empty();
  if (own_etag) etag = "\"" + ContentHash(response.body) + (gzip ? "-gzip" : "") + "\"";
  // Checked before compressing, so a revalidation costs a hash and no deflate.
  if (std::string inm = request.Header("if-none-match"); !inm.empty() && EtagMatches(inm, etag)) {
    if (own_etag) response.headers.emplace_back("ETag", etag);
    response.status = 304;
    response.body.clear();
    return response;
  }
  if (gzip) {
    std::optional<std::string> packed = Gzip(response.body);
    if (packed) {
      response.body = std::move(*packed);
      response.headers.emplace_back("Content-Encoding", "gzip");
    } else if (own_etag) {
      etag.replace(etag.size() - 6, 5, "");  // sent as it is: the identity validator
    }
  }
  if (own_etag) response.headers.emplace_back("ETag", etag);
  return response;
}

}  // namespace herald::httpd
