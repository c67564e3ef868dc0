#include "httpd/http_cache.h"

#include <brotli/encode.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <cstdlib>
#include <ctime>
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

}  // namespace

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

namespace {

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

std::optional<std::string> Brotli(std::string_view data) {
  // Quality 5 compresses within a few percent of 11 at a small fraction of
  // its time, which matters for pages rendered per request.
  constexpr int kQuality = 5;
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(kQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    return std::nullopt;
  out.resize(size);
  return out;
}

namespace {

// The q of each coding the header names ("x-gzip" counts as gzip).
struct Qualities {
  std::optional<double> br, gzip, any;
};

Qualities ReadQualities(std::string_view accept_encoding) {
  Qualities q;
  ForEachElement(accept_encoding, [&](std::string_view element) {
    std::string coding = ToLowerAscii(std::string(Trim(element.substr(0, element.find(';')))));
    double value = Quality(element);
    if (coding == "br") q.br = value;
    if (coding == "gzip" || coding == "x-gzip") q.gzip = value;
    if (coding == "*") q.any = value;
  });
  return q;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  Qualities q = ReadQualities(accept_encoding);
  return q.gzip.value_or(q.any.value_or(0)) > 0;
}

Encoding ChooseEncoding(std::string_view accept_encoding) {
  Qualities q = ReadQualities(accept_encoding);
  double br = q.br.value_or(q.any.value_or(0));
  double gzip = q.gzip.value_or(q.any.value_or(0));
  if (br > 0 && br >= gzip) return Encoding::kBrotli;
  if (gzip > 0) return Encoding::kGzip;
  return Encoding::kIdentity;
}

std::optional<std::string> Encode(std::string_view data, Encoding encoding) {
  switch (encoding) {
    case Encoding::kBrotli: return Brotli(data);
    case Encoding::kGzip: return Gzip(data);
    case Encoding::kIdentity: break;
  }
  return std::string(data);
}

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kBrotli: return "br";
    case Encoding::kGzip: return "gzip";
    case Encoding::kIdentity: break;
  }
  return "";
}

std::string HttpDate(int64_t utc_seconds) {
  std::time_t t = static_cast<std::time_t>(utc_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  // Names spelled out: strftime's %a/%b follow the locale, HTTP's do not.
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  std::string value(Trim(text));
  if (value.size() > 64) return std::nullopt;
  for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    std::tm tm{};
    const char* end = strptime(value.c_str(), format, &tm);
    if (end != nullptr && *end == '\0') return static_cast<int64_t>(timegm(&tm));
  }
  return std::nullopt;
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

namespace {

// If-None-Match when sent, else If-Modified-Since against Last-Modified.
bool ClientHoldsCurrent(const Request& request, const Response& response, const std::string& etag) {
  if (std::string inm = request.Header("if-none-match"); !inm.empty()) return EtagMatches(inm, etag);
  std::string since = request.Header("if-modified-since");
  std::string modified = HeaderValue(response, "last-modified");
  if (since.empty() || modified.empty()) return false;
  std::optional<int64_t> since_utc = ParseHttpDate(since), modified_utc = ParseHttpDate(modified);
  return since_utc && modified_utc && *modified_utc <= *since_utc;
}

std::string EtagFor(std::string_view body_hash, Encoding encoding) {
  std::string_view name = EncodingName(encoding);
  return "\"" + std::string(body_hash) + (name.empty() ? "" : "-") + std::string(name) + "\"";
}

}  // namespace

Response Negotiate(const Request& request, Response response) {
  if (response.status != 200 || response.stream) return Negotiate(request, std::move(response), "");
  std::string hash = ContentHash(response.body);
  return Negotiate(request, std::move(response), hash);
}

Response Negotiate(const Request& request, Response response, std::string_view body_hash) {
  if (response.status != 200 || (request.method != "GET" && request.method != "HEAD")) return response;
  if (response.stream) return response;  // the body is not known yet: nothing to hash or compress
  bool compressible = IsCompressible(response.content_type) && !HasHeader(response, "content-encoding");
  Encoding encoding = compressible && response.body.size() >= kMinCompressBytes
                          ? ChooseEncoding(request.Header("accept-encoding"))
                          : Encoding::kIdentity;
  if (compressible && !HasHeader(response, "vary")) response.headers.emplace_back("Vary", "Accept-Encoding");

  std::string etag = HeaderValue(response, "etag");
  bool own_etag = etag.empty();
  if (own_etag) etag = EtagFor(body_hash, encoding);
  // Checked before compressing, so a revalidation costs a hash and no deflate.
  if (ClientHoldsCurrent(request, response, etag)) {
    if (own_etag) response.headers.emplace_back("ETag", etag);
    response.status = 304;
    response.body.clear();
    return response;
  }
  if (encoding != Encoding::kIdentity) {
    if (std::optional<std::string> packed = Encode(response.body, encoding)) {
      response.body = std::move(*packed);
      response.headers.emplace_back("Content-Encoding", std::string(EncodingName(encoding)));
    } else if (own_etag) {
      etag = EtagFor(body_hash, Encoding::kIdentity);  // sent as it is
    }
  }
  if (own_etag) response.headers.emplace_back("ETag", etag);
  return response;
}

}  // namespace herald::httpd
