#include "httpd/request_parse.h"

#include <algorithm>
#include <cstdint>

#include "common/strings.h"

namespace herald::httpd {

namespace http = boost::beast::http;

void ApplyRequestLimits(RequestParser& parser, const ServerOptions& limits) {
  parser.body_limit(limits.max_body_bytes);
  parser.header_limit(static_cast<uint32_t>(std::min<size_t>(limits.max_header_bytes, UINT32_MAX)));
}

void ParseQueryString(std::string_view query, std::map<std::string, std::string>* out) {
  for (const std::string& pair : Split(query, '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), true);
    std::string value = eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
    out->emplace(std::move(key), std::move(value));
  }
}

Request ToRequest(const http::request<http::string_body>& message, const std::string& remote_ip) {
  Request r;
  r.method = std::string(message.method_string());
  r.target = std::string(message.target());
  size_t q = r.target.find('?');
  r.path = PercentDecode(std::string_view(r.target).substr(0, q), false);
  if (q != std::string::npos) ParseQueryString(std::string_view(r.target).substr(q + 1), &r.query);
  for (const auto& field : message) r.headers[ToLowerAscii(std::string(field.name_string()))] = std::string(field.value());
  r.body = message.body();
  r.remote_ip = remote_ip;
  return r;
}

bool IsMalformedRequest(boost::beast::error_code ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() && ec != http::error::end_of_stream;
}

int MalformedRequestStatus(boost::beast::error_code ec) {
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::header_limit) return 431;
  return 400;
}

Result<Request> ParseRequestBytes(std::string_view bytes, const ServerOptions& limits) {
  // Beast's put_eof takes "nothing at all" for a complete message.
  if (bytes.empty()) return MakeError(ErrorKind::kInvalidInput, "400 empty request");
  RequestParser parser;
  ApplyRequestLimits(parser, limits);
  boost::beast::error_code ec;
  // put() stops after the header and after each body piece; feed it the rest
  // until the message is done, the bytes run out, or it fails.
  while (!parser.is_done() && !bytes.empty()) {
    size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == http::error::need_more) {
      ec = {};
      break;  // all there is was not enough
    }
    if (ec || used == 0) break;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);  // the sender closed here
  if (!ec && !parser.is_done()) ec = http::error::partial_message;
  if (ec) {
    int status = IsMalformedRequest(ec) ? MalformedRequestStatus(ec) : 400;
    return MakeError(status == 400 ? ErrorKind::kInvalidInput : ErrorKind::kRefused,
                     std::to_string(status) + " " + ec.message());
  }
  return ToRequest(parser.get(), "");
}

}  // namespace herald::httpd
