// Makes a response cheap to send again: a strong ETag with 304 Not Modified
// for clients that already hold the body, Last-Modified with 304 on
// If-Modified-Since when the handler states a modification time, and brotli
// or gzip for text when the client accepts it. A handler opts in by passing
// its response through Negotiate.
//
// Contract: only 200 responses to GET and HEAD are touched, and never a
// streamed one; a response that already carries an ETag or a
// Content-Encoding keeps it. The ETag is a hash of the uncompressed body,
// suffixed "-br" or "-gzip" for a compressed representation so no two
// share a strong validator. brotli wins over gzip unless the client gives
// gzip a higher q. If-None-Match, when sent, decides alone (RFC 9110
// 13.1.3); otherwise If-Modified-Since is compared with a "Last-Modified"
// header the handler set (HttpDate). Every compressible response says
// "Vary: Accept-Encoding", compressed or not. Never fails: when compression
// fails the body is sent as it is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "httpd/server.h"

namespace herald::httpd {

Response Negotiate(const Request& request, Response response);
// The same, with `body_hash` standing for ContentHash(response.body) in the
// ETag: a caller that serves one body many times hashes it once.
Response Negotiate(const Request& request, Response response, std::string_view body_hash);

enum class Encoding { kIdentity, kGzip, kBrotli };
// The best coding an Accept-Encoding value admits: the highest q > 0 among
// br and gzip (directly or via "*"), brotli on a tie; identity otherwise.
Encoding ChooseEncoding(std::string_view accept_encoding);
// The body in `encoding`; nullopt if the library fails (identity: a copy).
std::optional<std::string> Encode(std::string_view data, Encoding encoding);
// "br", "gzip" or "" (identity): the Content-Encoding value and ETag suffix.
std::string_view EncodingName(Encoding encoding);

// brotli (RFC 7932) of `data` at a quality fit for serving; nullopt on failure.
std::optional<std::string> Brotli(std::string_view data);

// 32 hex digits naming `body` (a truncated SHA-256): ETags are built from it.
std::string ContentHash(std::string_view body);

// IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT", for Last-Modified.
std::string HttpDate(int64_t utc_seconds);
// The three date forms RFC 9110 accepts (IMF-fixdate, RFC 850, asctime);
// nullopt when malformed.
std::optional<int64_t> ParseHttpDate(std::string_view text);

// gzip (RFC 1952) of `data`; nullopt if zlib fails.
std::optional<std::string> Gzip(std::string_view data);

// True when an Accept-Encoding value admits gzip (q > 0, directly or via "*").
bool AcceptsGzip(std::string_view accept_encoding);
// True when an If-None-Match value names `etag` or is "*" (weak comparison:
// a W/ prefix is ignored, as RFC 9110 requires for If-None-Match).
bool EtagMatches(std::string_view if_none_match, std::string_view etag);
// Text types worth compressing: text/*, JSON, XML, JavaScript, SVG.
bool IsCompressible(std::string_view content_type);

}  // namespace herald::httpd
