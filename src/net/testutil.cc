#include "net/testutil.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>

namespace herald::net::testing {
namespace {

std::size_t QuerySize(const httpd::Request& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? 0 : std::stoul(it->second);
}

httpd::Response Redirect(const std::string& location) {
  return httpd::Response{302, "text/plain", {{"Location", location}}, "moved\n"};
}

// A socket bound to 127.0.0.1 on an ephemeral port.
int BindLoopback(uint16_t* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  *port = ntohs(address.sin_port);
  return fd;
}

bool WaitFor(int fd, short events) {
  pollfd p{fd, events, 0};
  return poll(&p, 1, 20) > 0;
}

}  // namespace

std::string Gzip(std::string_view bytes) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16 /* gzip wrapper */, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

FixtureSite::FixtureSite() {
  httpd::ServerOptions options;
  options.threads = 8;  // enough that the fetcher's limits, not the server's, bound concurrency
  auto server = httpd::Server::Start(options, [this](const httpd::Request& r) { return Handle(r); });
  EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.message());
  if (server.ok()) server_ = std::move(*server);
}

FixtureSite::~FixtureSite() {
  ReleaseSlow();
  if (server_) server_->Stop();
}

void FixtureSite::ReleaseSlow() {
  std::lock_guard<std::mutex> lock(slow_mutex_);
  slow_released_ = true;
  slow_released_cv_.notify_all();
}

httpd::Response FixtureSite::Handle(const httpd::Request& request) {
  ++requests_seen_;
  // Absolute-form target: we are being used as an HTTP proxy.
  if (request.target.rfind("http://", 0) == 0) return {200, "text/plain", {}, "via proxy: " + request.target};
  const std::string& path = request.path;
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    ++requests_by_path_[path];
    if (path == "/robots.txt") return {robots_status_, "text/plain", {}, robots_body_};
  }
  if (path == "/flaky") return Flaky(request);
  if (path == "/moved/301") return {301, "text/plain", {{"Location", "/plain"}}, "moved\n"};
  if (path == "/moved/308") return {308, "text/plain", {{"Location", "/moved/301"}}, "moved\n"};
  if (path == "/moved/mixed") return {301, "text/plain", {{"Location", "/redirect/1"}}, "moved\n"};
  if (path.rfind("/challenge/", 0) == 0) return Challenge(path.substr(11));
  if (path == "/plain") return {200, "text/plain", {}, kPlainBody};
  if (path == "/ua") return {200, "text/plain", {}, request.Header("user-agent")};
  if (path == "/echo-headers")
    return {200, "text/plain", {}, "x-herald-test: " + request.Header("x-herald-test") + "\ncookie: " +
                                       request.Header("cookie") + "\n"};
  if (path == "/cache-control") return {200, "text/plain", {{"Cache-Control", request.query.at("value")}}, "cached"};
  if (path == "/etag") {
    bool fresh = request.Header("if-none-match") == "\"v1\"" ||
                 (request.Header("if-none-match").empty() && request.Header("if-modified-since") == kLastModified);
    if (fresh) return {304, "text/plain", {}, ""};
    return {200, "application/rss+xml", {{"ETag", "\"v1\""}, {"Last-Modified", kLastModified}}, "<rss/>"};
  }
  if (path.rfind("/redirect/", 0) == 0) {
    int hops = std::stoi(path.substr(10));
    return Redirect(hops <= 1 ? "/plain" : "/redirect/" + std::to_string(hops - 1));
  }
  if (path == "/redirect-to") return Redirect(request.query.at("url"));
  if (path == "/loop") return Redirect("/loop");
  if (path.rfind("/status/", 0) == 0) return {std::stoi(path.substr(8)), "text/plain", {}, "status page\n"};
  if (path == "/gzip") return {200, "text/html", {{"Content-Encoding", "gzip"}}, Gzip(kGzipText)};
  if (path == "/gzip-bomb")
    return {200, "text/plain", {{"Content-Encoding", "gzip"}}, Gzip(std::string(QuerySize(request, "bytes"), '\0'))};
  if (path == "/big") return {200, "text/plain", {}, std::string(QuerySize(request, "bytes"), 'x')};
  if (path == "/slow") {
    std::unique_lock<std::mutex> lock(slow_mutex_);
    slow_released_cv_.wait_for(lock, std::chrono::seconds(5), [this] { return slow_released_; });
    return {200, "text/plain", {}, "finally\n"};
  }
  if (path == "/count") return Count(request);
  return {404, "text/plain", {}, "no such fixture\n"};
}

httpd::Response FixtureSite::Count(const httpd::Request& request) {
  int now = ++in_flight_;
  int seen = max_in_flight_.load();
  while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
  }
  // Long enough for overlapping requests to overlap; the limit, not timing, is asserted.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  --in_flight_;
  return {200, "text/plain", {}, request.query.count("i") ? request.query.at("i") : ""};
}

int FixtureSite::requests_to(const std::string& path) {
  std::lock_guard<std::mutex> lock(state_mutex_);
  auto it = requests_by_path_.find(path);
  return it == requests_by_path_.end() ? 0 : it->second;
}

void FixtureSite::SetRobots(int status, std::string body) {
  std::lock_guard<std::mutex> lock(state_mutex_);
  robots_status_ = status;
  robots_body_ = std::move(body);
}

httpd::Response FixtureSite::Flaky(const httpd::Request& request) {
  auto param = [&](const std::string& name) {
    auto it = request.query.find(name);
    return it == request.query.end() ? std::string() : it->second;
  };
  int seen = 0;
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    seen = flaky_seen_[param("key")]++;
  }
  if (seen >= static_cast<int>(QuerySize(request, "fail"))) return {200, "text/plain", {}, "recovered"};
  httpd::Response failure{std::stoi(param("code")), "text/plain", {}, "try again later\n"};
  if (!param("retry_after").empty()) failure.headers.emplace_back("Retry-After", param("retry_after"));
  return failure;
}

httpd::Response FixtureSite::Challenge(const std::string& kind) const {
  if (kind == "cloudflare")
    return {403, "text/html", {{"cf-mitigated", "challenge"}, {"Server", "cloudflare"}},
            "<!DOCTYPE html><title>Just a moment...</title><p>Checking your browser</p>"};
  if (kind == "cloudflare-503")
    return {503, "text/html", {}, "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1\"></script>"};
  if (kind == "datadome") return {403, "text/html", {{"X-DataDome", "protected"}}, "<p>blocked</p>"};
  if (kind == "perimeterx") return {403, "text/html", {}, "<div id=\"px-captcha\"></div>"};
  return {404, "text/plain", {}, "no such challenge\n"};
}

RawServer::RawServer(Mode mode) : mode_(mode) {
  listen_fd_ = BindLoopback(&port_);
  EXPECT_GE(listen_fd_, 0) << "cannot bind a loopback socket";
  if (listen_fd_ < 0) return;
  EXPECT_EQ(listen(listen_fd_, 8), 0);
  thread_ = std::thread([this] { Serve(); });
}

RawServer::~RawServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  for (int client : clients_) close(client);
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::string RawServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void RawServer::Serve() {
  while (!stop_) {
    if (!WaitFor(listen_fd_, POLLIN)) continue;
    int client = accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    ++connections_;
    clients_.push_back(client);  // closed by the destructor: silent clients wait until then
    // Throttled, so a test waiting for its timeout does not buffer gigabytes.
    if (mode_ == Mode::kEndless) StreamForever(client, std::string(16 * 1024, 'z'), std::chrono::milliseconds(10));
    if (mode_ == Mode::kDrip) StreamForever(client, "z", std::chrono::milliseconds(100));
  }
}

void RawServer::StreamForever(int client, const std::string& chunk, std::chrono::milliseconds gap) {
  char request[4096];
  while (!stop_ && !WaitFor(client, POLLIN)) {
  }
  if (recv(client, request, sizeof request, 0) <= 0) return;
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
  send(client, head.data(), head.size(), MSG_NOSIGNAL);
  while (!stop_) {
    if (!WaitFor(client, POLLOUT)) continue;
    if (send(client, chunk.data(), chunk.size(), MSG_NOSIGNAL) < 0) return;  // the client hung up
    std::this_thread::sleep_for(gap);
  }
}

uint16_t UnusedPort() {
  uint16_t port = 0;
  int fd = BindLoopback(&port);
  if (fd >= 0) close(fd);  // bound but never listening: nothing accepts there now
  return port;
}

}  // namespace herald::net::testing
