// A small HTTP/1.1 server (Boost.Beast on Asio) that calls one handler per
// request. Used by the site (web/) and the demo newsroom (demo/).
//
// Contract: Start() binds and listens before it returns, so port() is usable
// at once (pass port 0 for an ephemeral port). Handlers run on the server's
// threads, concurrently; they must be thread-safe. A handler that throws gets
// a 500 response. Stop() (also run by the destructor) closes the listener and
// joins the threads; streamed bodies still being sent are cut off, so Stop()
// does not wait for an endless stream. Drain() is the graceful stop (SIGTERM).
// Every response carries ServerOptions::default_headers (the security headers)
// unless the handler sets a header of the same name. With ServerOptions::tls_cert_file and
// tls_key_file set the server speaks HTTPS (HTTP/1.1, ALPN "http/1.1").
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace herald::httpd {

struct Request {
  std::string method;                         // "GET", "HEAD", ...
  std::string target;                         // path + query, as sent
  std::string path;                           // decoded path, no query
  std::map<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> headers; // names lowercased
  std::string body;
  std::string remote_ip;

  // Header value or "" when absent; `name` is lowercase.
  std::string Header(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  // A body too slow or too long to hold whole (a dripping or endless feed):
  // when set, `body` is ignored and the body is sent with chunked transfer
  // encoding (plain, then closed, to an HTTP/1.0 client). The server calls
  // `stream` for the first piece at once, then again each `stream_interval`
  // after the previous piece was sent; it returns true with the next piece in
  // `chunk`, false when the body is complete. Sending stops early when the
  // client goes away, stops reading, or the server stops; an exception from
  // `stream` closes the connection with the body unfinished. `stream` runs on
  // a server thread and must not block: the pause is the server's to make.
  std::function<bool(std::string& chunk)> stream;
  std::chrono::milliseconds stream_interval{0};
};

using Handler = std::function<Response(const Request&)>;

// Strict headers for any page that loads only its own stylesheet and no
// script: CSP default-src 'none' (style-src 'self', img-src 'self' data:,
// base-uri/frame-ancestors 'none', form-action 'self'), nosniff, no
// referrer across origins, no framing, no powerful browser features.
std::vector<std::pair<std::string, std::string>> SecurityHeaders();

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;            // 0: pick a free port
  int threads = 2;
  size_t max_body_bytes = 1 << 20;    // larger bodies: 413
  size_t max_header_bytes = 64 << 10; // request line + headers; larger: 431
  // From waiting for a request to having its whole header: covers an idle
  // keep-alive connection and a client dripping its header (slowloris).
  int header_timeout_seconds = 10;
  int read_timeout_seconds = 30;  // the body; also the limit on one write to a client that stops reading
  std::vector<std::pair<std::string, std::string>> default_headers = SecurityHeaders();
  // PEM files of the server's certificate (chain) and private key: when both
  // are set the server speaks HTTPS only. Start() fails with a clear Error
  // when either cannot be read or they do not match.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);
  virtual ~Server() = default;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  virtual uint16_t port() const = 0;
  // "http://127.0.0.1:PORT" ("https://..." with TLS)
  virtual std::string base_url() const = 0;
  virtual void Stop() = 0;
  // The graceful stop: stops accepting, closes connections waiting for a
  // request, lets requests in flight finish (their responses say
  // "Connection: close"), then Stop()s. Returns true when every connection
  // ended within `timeout`; false when some were cut off by the Stop.
  virtual bool Drain(std::chrono::milliseconds timeout) = 0;

 protected:
  Server() = default;
};

// Parses "HOST:PORT" (IPv6 as "[::1]:8080"). Errors name the text and the fix.
Result<std::pair<std::string, uint16_t>> ParseListenAddress(const std::string& text);

// Percent-decoding for paths and query strings ('+' is a space in queries).
std::string PercentDecode(std::string_view s, bool plus_is_space);

}  // namespace herald::httpd
