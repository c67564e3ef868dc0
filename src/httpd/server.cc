#include "httpd/server.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <thread>
#include <type_traits>

#include "common/metrics.h"
#include "common/strings.h"
#include "httpd/request_parse.h"

namespace herald::httpd {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

Response CallHandler(const Handler& handler, const Request& request) {
  try {
    return handler(request);
  } catch (const std::exception&) {
    return Response{500, "text/plain; charset=utf-8", {}, "internal error\n"};
  }
}

// Defaults first, so a handler's header of the same name replaces them.
template <class Message>
void SetHeaders(Message& message, const ServerOptions& options,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  message.set(http::field::server, "herald");
  for (const auto& [name, value] : options.default_headers) message.set(name, value);
  for (const auto& [name, value] : headers) message.set(name, value);
}

class Connection {
 public:
  virtual ~Connection() = default;
  // Ends the connection if it is waiting for a request; later requests are
  // answered with "Connection: close". Thread-safe.
  virtual void CloseIfIdle() = 0;
};

// The live connections, so a drain can close the idle ones and wait for the rest.
struct Connections {
  std::mutex mutex;
  std::condition_variable none_left;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live;
  std::atomic<bool> draining{false};

  void Add(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mutex);
    live.emplace(c.get(), c);
  }
  void Remove(Connection* c) {
    std::lock_guard lock(mutex);
    live.erase(c);
    if (live.empty()) none_left.notify_all();
  }
};

// One connection: requests read and answered in turn, over plain TCP or TLS.
template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... StreamArgs>
  Session(const Handler& handler, const ServerOptions& options, std::shared_ptr<Connections> connections,
          StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...),
        pause_(stream_.get_executor()),
        handler_(handler),
        options_(options),
        connections_(std::move(connections)) {}
  ~Session() override { connections_->Remove(this); }

  void Run() {
    connections_->Add(this->shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Begin(); });
  }

  void CloseIfIdle() override {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->waiting_for_request_) self->Tcp().cancel();  // the read ends, and with it the connection
    });
  }

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }
  void ArmTimeout() { Tcp().expires_after(std::chrono::seconds(options_.read_timeout_seconds)); }
  bool Draining() const { return connections_->draining.load(std::memory_order_relaxed); }

  void Begin() {
    if constexpr (kTls) {
      ArmTimeout();
      stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (!ec) self->Read();  // a failed handshake has no one to answer
      });
    } else {
      Read();
    }
  }

  // The header under header_timeout_seconds (one deadline for all of it, so
  // dripping bytes does not extend it), then the body under read_timeout_seconds.
  void Read() {
    if (Draining()) return Close();
    parser_.emplace();
    ApplyRequestLimits(*parser_, options_);
    waiting_for_request_ = buffer_.size() == 0;
    Tcp().expires_after(std::chrono::seconds(options_.header_timeout_seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    waiting_for_request_ = false;
    if (ec || parser_->is_done()) return OnRead(ec);
    ArmTimeout();
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) {
      if (IsMalformedRequest(ec)) return SendError(MalformedRequestStatus(ec));
      return Close();  // the client is done, gone or too slow
    }
    const auto& req = parser_->get();
    if (remote_.empty()) {  // once per connection: a system call saved per request
      beast::error_code ep_ec;
      auto ep = Tcp().socket().remote_endpoint(ep_ec);
      if (!ep_ec) remote_ = ep.address().to_string();
    }
    auto started = std::chrono::steady_clock::now();
    Response out = CallHandler(handler_, ToRequest(req, remote_));
    metrics::CountHttpRequest(out.status,
                              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    bool head = req.method() == http::verb::head;
    bool keep_alive = req.keep_alive() && !Draining();
    if (out.stream) return SendStreamed(std::move(out), req.version(), keep_alive, head);
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(req.version());
    res->result(static_cast<http::status>(out.status));
    res->set(http::field::content_type, out.content_type);
    SetHeaders(*res, options_, out.headers);
    res->body() = std::move(out.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    if (head) res->body().clear();
    Write(res, head);
  }

  void Write(std::shared_ptr<http::response<http::string_body>> res, bool head) {
    ArmTimeout();
    auto done = [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
      if (!ec) self->AfterResponse(res->keep_alive());
    };
    if (head) {
      auto sr = std::make_shared<http::response_serializer<http::string_body>>(*res);
      http::async_write_header(stream_, *sr, [sr, done](beast::error_code ec, size_t n) { done(ec, n); });
    } else {
      http::async_write(stream_, *res, done);
    }
  }

  // Sends the header, then each piece the producer gives, `stream_interval`
  // apart, as HTTP/1.1 chunks (HTTP/1.0 has no chunks: plain bytes, then close).
  void SendStreamed(Response out, unsigned version, bool keep_alive, bool head) {
    auto header = std::make_shared<http::response<http::empty_body>>();
    header->version(version);
    header->result(static_cast<http::status>(out.status));
    header->set(http::field::content_type, out.content_type);
    SetHeaders(*header, options_, out.headers);
    chunked_ = version >= 11;
    header->keep_alive(chunked_ && keep_alive);
    if (chunked_) header->chunked(true);
    producer_ = std::move(out.stream);
    interval_ = out.stream_interval;
    auto sr = std::make_shared<http::response_serializer<http::empty_body>>(*header);
    ArmTimeout();
    http::async_write_header(stream_, *sr,
                             [self = this->shared_from_this(), header, sr, head](beast::error_code ec, size_t) {
                               if (ec) return;
                               if (head) return self->AfterResponse(header->keep_alive());
                               self->SendNextPiece(header->keep_alive());
                             });
  }

  void SendNextPiece(bool keep_alive) {
    std::string piece;
    bool more = false;
    try {
      more = producer_(piece);
    } catch (const std::exception&) {
      return;  // the connection closes with the body unfinished, as the client should see it
    }
    if (more && piece.empty()) return PauseThenSend(keep_alive);  // an empty chunk would end the body
    wire_.clear();
    if (!more) {
      producer_ = nullptr;
      if (chunked_) wire_ = "0\r\n\r\n";
    } else if (chunked_) {
      char size[20];
      std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
      wire_.append(size).append(piece).append("\r\n");
    } else {
      wire_ = std::move(piece);
    }
    ArmTimeout();  // a client that stops reading is dropped after read_timeout_seconds
    asio::async_write(stream_, asio::buffer(wire_),
                      [self = this->shared_from_this(), more, keep_alive](beast::error_code ec, size_t) {
                        if (ec) return;  // the client went away
                        if (!more) return self->AfterResponse(keep_alive);
                        self->PauseThenSend(keep_alive);
                      });
  }

  void PauseThenSend(bool keep_alive) {
    auto next = [self = this->shared_from_this(), keep_alive](beast::error_code ec = {}) {
      if (!ec) self->SendNextPiece(keep_alive);
    };
    if (interval_.count() <= 0) return asio::post(stream_.get_executor(), [next] { next(); });
    pause_.expires_after(interval_);
    pause_.async_wait(next);
  }

  void AfterResponse(bool keep_alive) {
    if (keep_alive && !Draining()) return Read();
    Close();
  }

  void SendError(int status) {
    metrics::CountHttpRequest(status, 0);
    auto res = std::make_shared<http::response<http::string_body>>();
    res->result(static_cast<http::status>(status));
    res->set(http::field::content_type, "text/plain; charset=utf-8");
    SetHeaders(*res, options_, {});
    res->body() = status == 413 ? "request too large\n"
                  : status == 431 ? "request header too large\n"
                                  : "bad request\n";
    res->keep_alive(false);
    res->prepare_payload();
    Write(res, false);
  }

  // Ends the connection politely; the socket itself closes with the session.
  void Close() {
    if constexpr (kTls) {
      Tcp().expires_after(std::chrono::seconds(std::min(5, options_.read_timeout_seconds)));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ignored;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  Stream stream_;
  asio::steady_timer pause_;  // between streamed pieces
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::function<bool(std::string&)> producer_;
  std::chrono::milliseconds interval_{0};
  bool chunked_ = true;
  std::string wire_;  // the piece being written
  bool waiting_for_request_ = false;  // between requests: a drain may close it
  std::string remote_;                // the client's address
  const Handler& handler_;
  const ServerOptions& options_;
  std::shared_ptr<Connections> connections_;
};

// Offers only HTTP/1.1 in ALPN; a client that offers only h2 gets no ALPN
// answer and may fall back to HTTP/1.1 or leave.
int SelectHttp11(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* offered,
                 unsigned int offered_length, void*) {
  static const unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, out_length, kHttp11, sizeof kHttp11, offered, offered_length) !=
      OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

Result<std::unique_ptr<asio::ssl::context>> MakeTlsContext(const ServerOptions& options) {
  auto fail = [](const std::string& what, const std::string& path, const std::string& detail) {
    return MakeError(ErrorKind::kInvalidInput, "cannot use TLS " + what + " '" + path + "' (" + detail +
                                                   "); give a readable PEM file (--tls-cert, --tls-key)");
  };
  if (options.tls_cert_file.empty() || options.tls_key_file.empty())
    return MakeError(ErrorKind::kInvalidInput,
                     "TLS needs both a certificate and a private key; give both --tls-cert and --tls-key");
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1);
  beast::error_code ec;
  context->use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) return fail("certificate", options.tls_cert_file, ec.message());
  context->use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) return fail("private key", options.tls_key_file, ec.message());  // also "key values mismatch"
  SSL_CTX_set_alpn_select_cb(context->native_handle(), SelectHttp11, nullptr);
  return context;
}

class BeastServer final : public Server {
 public:
  BeastServer(ServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        io_(std::make_unique<asio::io_context>()),
        acceptor_(std::make_unique<tcp::acceptor>(asio::make_strand(*io_))) {}  // so Drain can close it safely
  ~BeastServer() override { Stop(); }

  Status Listen() {
    if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
      auto context = MakeTlsContext(options_);
      if (!context.ok()) return context.error();
      tls_ = std::move(*context);
    }
    beast::error_code ec;
    auto address = asio::ip::make_address(options_.host, ec);
    if (ec) {
      // Allow host names such as "localhost".
      tcp::resolver resolver(*io_);
      auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
      if (ec || results.empty())
        return MakeError(ErrorKind::kInvalidInput,
                         "cannot resolve listen host '" + options_.host + "'; use an IP address such as 127.0.0.1");
      address = results.begin()->endpoint().address();
    }
    tcp::endpoint endpoint(address, options_.port);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return MakeError(ErrorKind::kIo, "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                           ": " + ec.message() + "; choose another --listen address");
    port_ = acceptor_->local_endpoint().port();
    Accept();
    int n = std::max(1, options_.threads);
    for (int i = 0; i < n; ++i) threads_.emplace_back([io = io_.get()] { io->run(); });
    return Status::Ok();
  }

  uint16_t port() const override { return port_; }
  std::string base_url() const override {
    bool v6 = options_.host.find(':') != std::string::npos;
    return (tls_ ? "https://" : "http://") + (v6 ? "[" + options_.host + "]" : options_.host) + ":" +
           std::to_string(port_);
  }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    io_->stop();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
    // No thread runs handlers now: closing here is race-free, and new
    // connections are refused at once instead of waiting in the backlog.
    // Destroying the context destroys every session waiting on it (an
    // endless stream, an idle keep-alive), so their clients see the
    // connection end now rather than at their own timeout.
    acceptor_.reset();
    io_.reset();
  }

  bool Drain(std::chrono::milliseconds timeout) override {
    if (stopped_) return true;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    connections_->draining = true;
    // Closed on the acceptor's strand, never beside a running accept.
    auto closed = std::make_shared<std::promise<void>>();
    asio::post(acceptor_->get_executor(), [this, closed] {
      beast::error_code ignored;
      acceptor_->close(ignored);
      closed->set_value();
    });
    closed->get_future().wait_until(deadline);
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(connections_->mutex);
      for (auto& [raw, weak] : connections_->live)
        if (auto c = weak.lock()) live.push_back(std::move(c));
    }
    for (auto& c : live) c->CloseIfIdle();
    live.clear();  // a session holding only our reference would never end
    bool all_ended;
    {
      std::unique_lock lock(connections_->mutex);
      all_ended = connections_->none_left.wait_until(lock, deadline, [&] { return connections_->live.empty(); });
    }
    Stop();
    return all_ended;
  }

 private:
  void Accept() {
    acceptor_->async_accept(asio::make_strand(*io_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
      } else if (tls_) {
        std::make_shared<Session<TlsStream>>(handler_, options_, connections_, std::move(socket), *tls_)->Run();
      } else {
        std::make_shared<Session<PlainStream>>(handler_, options_, connections_, std::move(socket))->Run();
      }
      Accept();
    });
  }

  ServerOptions options_;
  Handler handler_;
  std::unique_ptr<asio::ssl::context> tls_;  // null: plain HTTP; outlives the sessions
  std::unique_ptr<asio::io_context> io_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::vector<std::thread> threads_;
  std::shared_ptr<Connections> connections_ = std::make_shared<Connections>();
  uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SecurityHeaders() {
  return {{"Content-Security-Policy",
           "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
           "frame-ancestors 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "strict-origin-when-cross-origin"},
          {"X-Frame-Options", "DENY"},
          {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"},
          {"Cross-Origin-Opener-Policy", "same-origin"}};
}

std::string Request::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
  }
  return out;
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  auto server = std::make_unique<BeastServer>(options, std::move(handler));
  if (Status st = server->Listen(); !st.ok()) return st.error();
  return std::unique_ptr<Server>(std::move(server));
}

Result<std::pair<std::string, uint16_t>> ParseListenAddress(const std::string& text) {
  auto bad = [&] {
    return MakeError(ErrorKind::kInvalidInput,
                     "--listen '" + text + "' is not HOST:PORT; use for example 127.0.0.1:8080");
  };
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return bad();
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string port_text = text.substr(colon + 1);
  for (char c : port_text)
    if (c < '0' || c > '9') return bad();
  if (port_text.size() > 5) return bad();
  int port = std::stoi(port_text);
  if (port > 65535) return bad();
  return std::make_pair(host, static_cast<uint16_t>(port));
}

}  // namespace herald::httpd
