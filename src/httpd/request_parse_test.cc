// ParseRequestBytes is the server's own parsing without a socket: the same
// limits and statuses as server_limits_test.cc sees over loopback.
#include "httpd/request_parse.h"

#include <gtest/gtest.h>

namespace herald::httpd {
namespace {

TEST(ParseRequestBytesTest, DecodesPathQueryAndHeaders) {
  auto r = ParseRequestBytes("GET /a%20b/c?q=x+y&empty&n=%E4%B8%AD HTTP/1.1\r\nHost: h\r\nX-Mixed-Case: V\r\n\r\n", {});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, "/a%20b/c?q=x+y&empty&n=%E4%B8%AD");
  EXPECT_EQ(r->path, "/a b/c");
  EXPECT_EQ(r->query.at("q"), "x y");
  EXPECT_EQ(r->query.at("empty"), "");
  EXPECT_EQ(r->query.at("n"), "\xE4\xB8\xAD");
  EXPECT_EQ(r->Header("x-mixed-case"), "V");
}

TEST(ParseRequestBytesTest, ReadsContentLengthAndChunkedBodies) {
  auto sized = ParseRequestBytes("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloEXTRA", {});
  ASSERT_TRUE(sized.ok()) << sized.message();
  EXPECT_EQ(sized->body, "hello");
  auto chunked = ParseRequestBytes(
      "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", {});
  ASSERT_TRUE(chunked.ok()) << chunked.message();
  EXPECT_EQ(chunked->body, "hello world");
}

TEST(ParseRequestBytesTest, LimitsGiveTheServersStatuses) {
  ServerOptions limits;
  limits.max_header_bytes = 128;
  limits.max_body_bytes = 4;
  auto header = ParseRequestBytes("GET / HTTP/1.1\r\nX: " + std::string(500, 'a') + "\r\n\r\n", limits);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().kind, ErrorKind::kRefused);
  EXPECT_EQ(header.message().substr(0, 4), "431 ");
  auto body = ParseRequestBytes("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", limits);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.message().substr(0, 4), "413 ");
  auto chunked = ParseRequestBytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", limits);
  ASSERT_FALSE(chunked.ok());
  EXPECT_EQ(chunked.message().substr(0, 4), "413 ");
}

TEST(ParseRequestBytesTest, MalformedOrCutShortIsBadRequest) {
  for (std::string bytes : {std::string(""), std::string("GET"), std::string("GET / HTTP/1.1\r\nHost: h\r\n"),
                            std::string("GET / HTTP/9.9\r\n\r\n"), std::string("GET /\0x HTTP/1.1\r\n\r\n", 20),
                            std::string("G T / HTTP/1.1\r\n\r\n"), std::string("GET / HTTP/1.1\r\nBad Header\r\n\r\n"),
                            std::string("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort"),
                            std::string("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
                            std::string("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                            std::string("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n")}) {
    SCOPED_TRACE(bytes);
    auto r = ParseRequestBytes(bytes, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message().substr(0, 4), "400 ") << r.message();
  }
}

}  // namespace
}  // namespace herald::httpd
