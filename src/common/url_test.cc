#include "common/url.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(Url, ParseHttpUrl) {
  auto p = ParseHttpUrl("HTTPS://Example.COM:8443/a/b?x=1#frag");
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->scheme, "https");
  EXPECT_EQ(p->host, "example.com");
  EXPECT_EQ(p->port, 8443);
  EXPECT_EQ(p->path, "/a/b");
  EXPECT_EQ(p->query, "x=1");
  auto v6 = ParseHttpUrl("http://[::1]:8080/");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
}

TEST(Url, ParseRejectsOtherSchemesAndGarbage) {
  EXPECT_FALSE(ParseHttpUrl("file:///etc/passwd").ok());
  EXPECT_FALSE(ParseHttpUrl("ftp://x/").ok());
  EXPECT_FALSE(ParseHttpUrl("not a url").ok());
  EXPECT_FALSE(ParseHttpUrl("").ok());
  EXPECT_NE(ParseHttpUrl("gopher://x").message().find("http"), std::string::npos);
}

TEST(Url, ResolveRelativeReferences) {
  const std::string base = "https://news.example/world/2025/story.html?x=1";
  EXPECT_EQ(ResolveUrl(base, "img/a.jpg"), "https://news.example/world/2025/img/a.jpg");
  EXPECT_EQ(ResolveUrl(base, "/top.html"), "https://news.example/top.html");
  EXPECT_EQ(ResolveUrl(base, "../up.html"), "https://news.example/world/up.html");
  EXPECT_EQ(ResolveUrl(base, "//cdn.example/x.png"), "https://cdn.example/x.png");
  EXPECT_EQ(ResolveUrl(base, "?page=2"), "https://news.example/world/2025/story.html?page=2");
  EXPECT_EQ(ResolveUrl(base, "http://other.example/"), "http://other.example/");
}

TEST(Url, ResolveDropsDangerousSchemes) {
  EXPECT_EQ(ResolveUrl("https://a.example/", "javascript:alert(1)"), "");
  EXPECT_EQ(ResolveUrl("https://a.example/", "  JavaScript:alert(1)"), "");
  EXPECT_EQ(ResolveUrl("https://a.example/", "file:///etc/passwd"), "");
  EXPECT_EQ(ResolveUrl("https://a.example/", ""), "");
}

TEST(Url, SiteOfGroupsHostsOfOnePublisher) {
  EXPECT_EQ(SiteOf("https://www.example.com/a"), "example.com");
  EXPECT_EQ(SiteOf("https://m.example.com/a"), "example.com");
  EXPECT_EQ(SiteOf("https://example.com"), "example.com");
  EXPECT_EQ(SiteOf("https://news.bbc.co.uk/x"), "bbc.co.uk");
  EXPECT_EQ(SiteOf("https://www.caixin.com.cn/x"), "caixin.com.cn");
  EXPECT_EQ(SiteOf("https://www.scmp.com/news"), "scmp.com");
  EXPECT_EQ(SiteOf("https://a.b.example.de/"), "example.de");
  EXPECT_EQ(SiteOf("http://127.0.0.1:8080/x"), "127.0.0.1");
  EXPECT_EQ(SiteOf("http://[::1]:8080/x"), "::1");
  EXPECT_EQ(SiteOf("https://localhost/x"), "localhost");
  EXPECT_EQ(SiteOf("not a url"), "");
  EXPECT_NE(SiteOf("https://evil-example.com/"), SiteOf("https://example.com/"));
}

TEST(Url, CanonicalizeDropsTrackingAndFragments) {
  EXPECT_EQ(CanonicalizeUrl("HTTP://News.Example:80/a?utm_source=x&id=5&fbclid=1#top"),
            "http://news.example/a?id=5");
  EXPECT_EQ(CanonicalizeUrl("https://news.example:443/a?utm_medium=rss"), "https://news.example/a");
  EXPECT_EQ(CanonicalizeUrl("https://news.example:8443/a"), "https://news.example:8443/a");
  EXPECT_EQ(CanonicalizeUrl("mailto:x@y"), "");
}

// Found by url_fuzzer (fuzz/regressions/url_fuzzer/): curl decodes %7F in a
// host to a DEL byte, which it then refuses to parse again, so the
// "canonical" URL was not one.
TEST(Url, HostsWithEncodedControlBytesAreRejected) {
  EXPECT_EQ(CanonicalizeUrl("http://1282.%7Fhtwb/?b=2"), "");
  EXPECT_EQ(CanonicalizeUrl("http://a%01b.example/"), "");
  EXPECT_FALSE(ParseHttpUrl("http://1282.%7Fhtwb/").ok());
  EXPECT_EQ(CanonicalizeUrl("http://news.example/%7Fpath"), "http://news.example/%7Fpath");
}

// Found by url_fuzzer (fuzz/regressions/url_fuzzer/): curl decodes the host
// once per parse, so "1%38" came out as "18", which the next parse reads as
// 0.0.0.18. Canonicalizing again must change nothing.
TEST(Url, CanonicalFormIsAFixedPoint) {
  for (const char* url : {"http://1%38/?b=2&1a&=utm:m=m", "http://1282.%7Fhtwb/", "HTTP://News.Example:80/a#x",
                          "http://%31%32%37.0.0.1/", "http://0x7f.1/"}) {
    SCOPED_TRACE(url);
    std::string canonical = CanonicalizeUrl(url);
    EXPECT_EQ(CanonicalizeUrl(canonical), canonical);
  }
  EXPECT_EQ(CanonicalizeUrl("http://1%38/x"), "http://0.0.0.18/x");
}

}  // namespace
}  // namespace herald
