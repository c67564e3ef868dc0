#include "httpd/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <optional>
#include <thread>

#include "common/strings.h"

namespace herald::httpd {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

void ParseQuery(std::string_view q, std::map<std::string, std::string>* out) {
  for (const std::string& pair : Split(q, '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), true);
    std::string value = eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
    out->emplace(std::move(key), std::move(value));
  }
}

Request ToRequest(const http::request<http::string_body>& req, const std::string& remote_ip) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  size_t q = r.target.find('?');
  r.path = PercentDecode(std::string_view(r.target).substr(0, q), false);
  if (q != std::string::npos) ParseQuery(std::string_view(r.target).substr(q + 1), &r.query);
  for (const auto& field : req) r.headers[ToLowerAscii(std::string(field.name_string()))] = std::string(field.value());
  r.body = req.body();
  r.remote_ip = remote_ip;
  return r;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler, const ServerOptions& options)
      : stream_(std::move(socket)), handler_(handler), options_(options) {}

  void Run() { asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); }); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec) {
      if (ec && ec != http::error::end_of_stream && ec != beast::error::timeout &&
          ec != asio::error::operation_aborted && ec != asio::error::connection_reset) {
        // Malformed request: answer 400 and close.
        SendError(ec == http::error::body_limit ? 413 : 400);
        return;
      }
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    const auto& req = parser_->get();
    std::string remote;
    beast::error_code ep_ec;
    auto ep = stream_.socket().remote_endpoint(ep_ec);
    if (!ep_ec) remote = ep.address().to_string();
    Response out;
    try {
      out = handler_(ToRequest(req, remote));
    } catch (const std::exception&) {
      out = Response{500, "text/plain; charset=utf-8", {}, "internal error\n"};
    }
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(req.version());
    res->result(static_cast<http::status>(out.status));
    res->set(http::field::server, "herald");
    res->set(http::field::content_type, out.content_type);
    for (auto& [name, value] : out.headers) res->set(name, value);
    bool head = req.method() == http::verb::head;
    res->body() = std::move(out.body);
    res->keep_alive(req.keep_alive());
    res->prepare_payload();
    if (head) res->body().clear();
    Write(res, head);
  }

  void Write(std::shared_ptr<http::response<http::string_body>> res, bool head) {
    stream_.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    auto done = [self = shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec || !res->keep_alive()) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
      }
      self->Read();
    };
    if (head) {
      auto sr = std::make_shared<http::response_serializer<http::string_body>>(*res);
      http::async_write_header(stream_, *sr, [sr, done](beast::error_code ec, size_t n) { done(ec, n); });
    } else {
      http::async_write(stream_, *res, done);
    }
  }

  void SendError(int status) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->result(static_cast<http::status>(status));
    res->set(http::field::content_type, "text/plain; charset=utf-8");
    res->body() = status == 413 ? "request too large\n" : "bad request\n";
    res->keep_alive(false);
    res->prepare_payload();
    Write(res, false);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Handler& handler_;
  const ServerOptions& options_;
};

class BeastServer final : public Server {
 public:
  BeastServer(ServerOptions options, Handler handler)
      : options_(std::move(options)), handler_(std::move(handler)), acceptor_(io_) {}
  ~BeastServer() override { Stop(); }

  Status Listen() {
    beast::error_code ec;
    auto address = asio::ip::make_address(options_.host, ec);
    if (ec) {
      // Allow host names such as "localhost".
      tcp::resolver resolver(io_);
      auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
      if (ec || results.empty())
        return MakeError(ErrorKind::kInvalidInput,
                         "cannot resolve listen host '" + options_.host + "'; use an IP address such as 127.0.0.1");
      address = results.begin()->endpoint().address();
    }
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return MakeError(ErrorKind::kIo, "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                           ": " + ec.message() + "; choose another --listen address");
    port_ = acceptor_.local_endpoint().port();
    Accept();
    int n = std::max(1, options_.threads);
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { io_.run(); });
    return Status::Ok();
  }

  uint16_t port() const override { return port_; }
  std::string base_url() const override {
    bool v6 = options_.host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
  }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    io_.stop();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
    // No thread runs handlers now: closing here is race-free, and new
    // connections are refused at once instead of waiting in the backlog.
    beast::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      } else {
        std::make_shared<Session>(std::move(socket), handler_, options_)->Run();
      }
      Accept();
    });
  }

  ServerOptions options_;
  Handler handler_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
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
