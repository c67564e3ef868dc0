// Makes a response cheap to send again: a strong ETag with 304 Not Modified
// for clients that already hold the body, and gzip for text when the client
// accepts it. A handler opts in by passing its response through Negotiate.
//
// Contract: only 200 responses to GET and HEAD are touched, and never a
// streamed one; a response that already carries an ETag or a
// Content-Encoding keeps it. The ETag is a hash
// of the uncompressed body, suffixed "-gzip" for the compressed
// representation so the two never share a strong validator. Every
// compressible response says "Vary: Accept-Encoding", compressed or not.
// Never fails: when compression fails the body is sent as it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "httpd/server.h"

namespace herald::httpd {

Response Negotiate(const Request& request, Response response);

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
