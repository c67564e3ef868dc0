// What every response carries and what no client may take: security
// headers, keep-alive, and the size and time limits on requests.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "http_get.h"
#include "httpd/raw_client_test_support.h"
#include "httpd/server.h"

namespace herald::httpd {
namespace {

using herald::testing::HttpGet;
using testing::RawClient;

std::unique_ptr<Server> StartOrDie(ServerOptions options, Handler handler) {
  auto server = Server::Start(options, std::move(handler));
  EXPECT_TRUE(server.ok()) << server.message();
  return server.ok() ? std::move(*server) : nullptr;
}

Response Ok(const Request& request) {
  Response r;
  r.content_type = "text/plain";
  r.body = "you asked for " + request.path + " with " + std::to_string(request.body.size()) + " body bytes";
  return r;
}

TEST(SecurityHeaders, OnEveryResponseUnlessTheHandlerSetsItsOwn) {
  auto server = StartOrDie({}, [](const Request& request) {
    Response r = Ok(request);
    if (request.path == "/own-csp") r.headers.push_back({"Content-Security-Policy", "default-src 'self'"});
    if (request.path == "/missing") r.status = 404;
    return r;
  });
  ASSERT_NE(server, nullptr);
  for (const char* path : {"/", "/missing"}) {
    SCOPED_TRACE(path);
    auto res = HttpGet(server->base_url() + path);
    EXPECT_EQ(res.headers["content-security-policy"],
              "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
              "frame-ancestors 'none'");
    EXPECT_EQ(res.headers["x-content-type-options"], "nosniff");
    EXPECT_EQ(res.headers["referrer-policy"], "strict-origin-when-cross-origin");
    EXPECT_EQ(res.headers["x-frame-options"], "DENY");
    EXPECT_NE(res.headers["permissions-policy"].find("camera=()"), std::string::npos);
  }
  auto own = HttpGet(server->base_url() + "/own-csp");
  EXPECT_EQ(own.headers["content-security-policy"], "default-src 'self'");  // replaced, not doubled
  EXPECT_EQ(own.headers["x-content-type-options"], "nosniff");

  // The server's own error answers carry them too.
  RawClient client(server->port());
  ASSERT_TRUE(client.connected());
  client.Send("NOT HTTP AT ALL\r\n\r\n");
  std::string reply = client.ReadUntil("");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_NE(reply.find("X-Content-Type-Options: nosniff"), std::string::npos) << reply;
}

TEST(KeepAlive, ManyRequestsOnOneConnectionIncludingPipelined) {
  std::atomic<int> hits{0};
  auto server = StartOrDie({}, [&](const Request& request) { ++hits; return Ok(request); });
  ASSERT_NE(server, nullptr);
  RawClient client(server->port());
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 3; ++i) {
    client.Send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
    client.ReadUntil("/one with 0 body bytes");
  }
  // Two requests in one write: both answered, in order.
  client.Send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string all = client.ReadUntil("");
  EXPECT_EQ(hits.load(), 5);
  EXPECT_LT(all.find("you asked for /a"), all.find("you asked for /b"));
  EXPECT_TRUE(client.closed_by_server());  // after the request that asked for it
}

TEST(RequestLimits, OversizedHeaderIs431AndOversizedBodyIs413) {
  ServerOptions options;
  options.max_header_bytes = 4096;
  options.max_body_bytes = 1000;
  std::atomic<int> hits{0};
  auto server = StartOrDie(options, [&](const Request& request) { ++hits; return Ok(request); });
  ASSERT_NE(server, nullptr);
  {
    RawClient client(server->port());
    client.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Junk: " + std::string(8000, 'a') + "\r\n\r\n");
    std::string reply = client.ReadUntil("");
    EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply.substr(0, 80);
  }
  {
    RawClient client(server->port());
    client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b'));
    std::string reply = client.ReadUntil("");
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 80);
  }
  {
    RawClient client(server->port());
    client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999\r\nConnection: close\r\n\r\n" +
                std::string(999, 'c'));
    EXPECT_NE(client.ReadUntil("").find("with 999 body bytes"), std::string::npos);
  }
  EXPECT_EQ(hits.load(), 1);  // the refused requests never reached the handler
}

// Slowloris: a header dripped a byte at a time is cut off at the header
// timeout, however steadily the bytes come.
TEST(RequestLimits, HeaderDrippedSlowlyIsCutOff) {
  ServerOptions options;
  options.header_timeout_seconds = 1;
  std::atomic<int> hits{0};
  auto server = StartOrDie(options, [&](const Request& request) { ++hits; return Ok(request); });
  ASSERT_NE(server, nullptr);
  RawClient client(server->port());
  ASSERT_TRUE(client.connected());
  const std::string header = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(60, 's') + "\r\n\r\n";
  std::atomic<size_t> sent{0};
  std::atomic<bool> stop{false};
  std::thread drip([&] {
    for (char c : header) {
      if (stop || !client.Send(std::string(1, c))) return;
      ++sent;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::string reply = client.ReadUntil("");  // returns when the server hangs up
  stop = true;
  drip.join();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_LT(sent.load(), header.size());
  EXPECT_EQ(reply, "");
  EXPECT_EQ(hits.load(), 0);
}

TEST(RequestLimits, IdleKeepAliveConnectionIsClosedAfterTheHeaderTimeout) {
  ServerOptions options;
  options.header_timeout_seconds = 1;
  auto server = StartOrDie(options, Ok);
  ASSERT_NE(server, nullptr);
  RawClient client(server->port());
  client.Send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
  client.ReadUntil("/first with 0 body bytes");
  client.ReadUntil("");  // then nothing: the server ends it
  EXPECT_TRUE(client.closed_by_server());
}

}  // namespace
}  // namespace herald::httpd
