#include "web/image_urls.h"

#include <gtest/gtest.h>

namespace herald::web {
namespace {

// A stand-in proxy: "/img/<width>/<url>", refusing anything not http(s).
std::string FakeProxy(std::string_view url, int width) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) return "";
  return "/img/" + std::to_string(width) + "/" + std::string(url);
}

TEST(ImageUrls, WithoutAProxyNothingChanges) {
  EXPECT_EQ(ProxiedImageUrl(nullptr, "https://a.example/x.jpg", 320), "https://a.example/x.jpg");
  std::string html = "<p><img src=\"https://a.example/x.jpg\" srcset=\"b.jpg 2x\"></p>";
  EXPECT_EQ(ProxyImagesInHtml(nullptr, html, 1280), html);
}

TEST(ImageUrls, RewritesEverySource) {
  EXPECT_EQ(ProxiedImageUrl(FakeProxy, "https://a.example/x.jpg", 320), "/img/320/https://a.example/x.jpg");
  EXPECT_EQ(ProxiedImageUrl(FakeProxy, "ftp://a.example/x.jpg", 320), "");
  std::string html =
      "<figure><img alt=\"A &amp; B\" src=\"https://a.example/x.jpg?a=1&amp;b=2\"><figcaption>x</figcaption></figure>"
      "<p>text <IMG SRC='http://b.example/y.png' width=\"10\"/> more</p>";
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, html, 1280),
            "<figure><img alt=\"A &amp; B\" src=\"/img/1280/https://a.example/x.jpg?a=1&amp;b=2\">"
            "<figcaption>x</figcaption></figure>"
            "<p>text <img src=\"/img/1280/http://b.example/y.png\" width=\"10\"> more</p>");
}

TEST(ImageUrls, DropsSrcsetAndImagesTheProxyCannotTake) {
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "<img src=\"https://a.example/x.jpg\" srcset=\"https://a.example/big.jpg 2x\">", 640),
            "<img src=\"/img/640/https://a.example/x.jpg\">");
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "a<img src=\"javascript:alert(1)\">b", 640), "ab");
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "a<img alt=\"no source\">b", 640), "ab");
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "a<img srcset=\"https://a.example/x.jpg\">b", 640), "ab");
  // Two sources: the first counts, the second cannot sneak through.
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "<img src=\"https://a.example/1.jpg\" src=\"https://evil.example/2.jpg\">", 640),
            "<img src=\"/img/640/https://a.example/1.jpg\">");
}

TEST(ImageUrls, LeavesOtherTagsAndTextAlone) {
  std::string html = "<p>an <imgur> tag, <image>, a &lt;img src=x&gt; in text, <a href=\"https://a.example/\">link</a></p>";
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, html, 640), html);
}

TEST(ImageUrls, SurvivesTruncatedHtml) {
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "x<img src=\"https://a.example/x.jpg", 640),
            "x<img src=\"/img/640/https://a.example/x.jpg\">");
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "x<img", 640), "x<img");
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "x<img ", 640), "x");
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "<img src=>", 640), "");
  EXPECT_EQ(ProxyImagesInHtml(FakeProxy, "", 640), "");
}

TEST(ImageUrls, EscapesWhatItWrites) {
  auto proxy = [](std::string_view url, int) { return std::string("/img/\"quoted\"<") + std::string(url.substr(0, 0)); };
  EXPECT_EQ(ProxyImagesInHtml(proxy, "<img src=\"https://a.example/\" alt='&quot;&gt;&lt;script&gt;'>", 640),
            "<img src=\"/img/&quot;quoted&quot;&lt;\" alt=\"&quot;&gt;&lt;script&gt;\">");
}

}  // namespace
}  // namespace herald::web
