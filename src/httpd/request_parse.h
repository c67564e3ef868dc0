// How the server reads one request: Beast's request parser under the
// ServerOptions limits, and the translation of what it parsed into a
// Request (decoded path, query parameters, lowercased headers). The server
// and ParseRequestBytes share these, so a fuzzer or a test feeding bytes
// without a socket exercises exactly what the server runs.
#pragma once

#include <boost/beast/http.hpp>

#include <string>
#include <string_view>

#include "common/result.h"
#include "httpd/server.h"

namespace herald::httpd {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets the header and body limits of `limits` on a fresh parser.
void ApplyRequestLimits(RequestParser& parser, const ServerOptions& limits);

// The Request a handler sees for a parsed message.
Request ToRequest(const boost::beast::http::request<boost::beast::http::string_body>& message,
                  const std::string& remote_ip);

// "a=1&b=x+y&c" -> {a: 1, b: "x y", c: ""}; the first of repeated keys wins.
void ParseQueryString(std::string_view query, std::map<std::string, std::string>* out);

// True for errors of the request's bytes (answered 400/413/431), false for a
// client that went away or timed out (the connection just closes).
bool IsMalformedRequest(boost::beast::error_code ec);
// The status a malformed request is answered with: 413 past max_body_bytes,
// 431 past max_header_bytes, 400 otherwise.
int MalformedRequestStatus(boost::beast::error_code ec);

// Parses the first request in `bytes` (head and body, Content-Length or
// chunked) as the server would. Errors start with the status the server
// answers: kRefused "413 ..." / "431 ..." past a limit, kInvalidInput
// "400 ..." when malformed or cut short. Bytes after the request are ignored.
Result<Request> ParseRequestBytes(std::string_view bytes, const ServerOptions& limits);

}  // namespace herald::httpd
