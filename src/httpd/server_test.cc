#include "httpd/server.h"

#include <gtest/gtest.h>

#include <atomic>

#include "http_get.h"

namespace herald::httpd {
namespace {

using herald::testing::HttpGet;

TEST(HttpServer, ServesHandlerResponsesWithDecodedRequest) {
  auto server = Server::Start({}, [](const Request& req) {
    Response r;
    r.content_type = "text/plain";
    r.headers.push_back({"X-Test", "yes"});
    r.body = req.method + " " + req.path + " q=" + (req.query.count("q") ? req.query.at("q") : "-") +
             " ua=" + req.Header("user-agent") + " ip=" + req.remote_ip;
    return r;
  });
  ASSERT_TRUE(server.ok()) << server.message();
  uint16_t port = (*server)->port();
  ASSERT_NE(port, 0);
  auto res = HttpGet((*server)->base_url() + "/a%20b?q=%E5%8F%B0+x", {{"User-Agent", "tester"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "GET /a b q=台 x ua=tester ip=127.0.0.1");
  EXPECT_EQ(res.headers["x-test"], "yes");
  EXPECT_EQ(res.content_type, "text/plain");
}

TEST(HttpServer, HandlerExceptionBecomes500) {
  auto server = Server::Start({}, [](const Request&) -> Response { throw std::runtime_error("boom"); });
  ASSERT_TRUE(server.ok());
  auto res = HttpGet((*server)->base_url() + "/");
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("boom"), std::string::npos);  // no internals leak
}

TEST(HttpServer, ManySequentialRequestsAndStopIsIdempotent) {
  std::atomic<int> hits{0};
  auto server = Server::Start({}, [&](const Request&) { ++hits; return Response{}; });
  ASSERT_TRUE(server.ok());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(HttpGet((*server)->base_url() + "/").status, 200);
  EXPECT_EQ(hits.load(), 50);
  (*server)->Stop();
  (*server)->Stop();
  EXPECT_EQ(HttpGet((*server)->base_url() + "/").status, 0);
}

TEST(HttpServer, ListenOnBusyPortIsAClearError) {
  auto first = Server::Start({}, [](const Request&) { return Response{}; });
  ASSERT_TRUE(first.ok());
  ServerOptions opts;
  opts.port = (*first)->port();
  auto second = Server::Start(opts, [](const Request&) { return Response{}; });
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.message().find("--listen"), std::string::npos) << second.message();
}

TEST(ListenAddress, ParsesAndRejects) {
  auto a = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 8080);
  auto b = ParseListenAddress("[::1]:9");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->first, "::1");
  for (const char* bad : {"", "8080", "host:", ":80", "h:99999", "h:8o"}) {
    auto r = ParseListenAddress(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) { EXPECT_NE(r.message().find("HOST:PORT"), std::string::npos); }
  }
}

TEST(PercentDecode, HandlesTruncatedEscapes) {
  EXPECT_EQ(PercentDecode("%41%4", false), "A%4");
  EXPECT_EQ(PercentDecode("%zz+", false), "%zz+");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

}  // namespace
}  // namespace herald::httpd
