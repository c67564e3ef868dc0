#include "feed/discovery.h"

#include <gtest/gtest.h>

#include <string>

namespace herald::feed {
namespace {

std::vector<std::string> Urls(const std::vector<DiscoveredFeed>& feeds, bool advertised) {
  std::vector<std::string> out;
  for (const auto& f : feeds) {
    if (f.advertised == advertised) out.push_back(f.url);
  }
  return out;
}

TEST(DiscoverFeeds, FindsAdvertisedFeedsInPageOrderThenCommonPaths) {
  std::string html = R"html(<!doctype html><html><head>
    <link rel="stylesheet" href="/style.css">
    <link rel="alternate" type="application/rss+xml" title="All  news" href="/rss/all.xml">
    <link rel="alternate" type="application/atom+xml" href="https://other.example/atom">
    <link rel="Alternate" type="application/feed+json; charset=utf-8" href="feed.json">
    <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
    </head><body><p>hi</body></html>)html";
  auto feeds = DiscoverFeeds(html, "https://news.example/section/page.html");
  ASSERT_GE(feeds.size(), 3u);
  EXPECT_EQ(feeds[0].url, "https://news.example/rss/all.xml");
  EXPECT_EQ(feeds[0].title, "All news");
  EXPECT_EQ(feeds[0].type, "rss");
  EXPECT_EQ(feeds[1].url, "https://other.example/atom");
  EXPECT_EQ(feeds[1].type, "atom");
  EXPECT_EQ(feeds[2].url, "https://news.example/section/feed.json");
  EXPECT_EQ(feeds[2].type, "json");
  EXPECT_EQ(Urls(feeds, true).size(), 3u);
  EXPECT_EQ(Urls(feeds, false),
            (std::vector<std::string>{"https://news.example/feed", "https://news.example/rss.xml",
                                      "https://news.example/atom.xml", "https://news.example/index.xml",
                                      "https://news.example/feed.json"}));
}

TEST(DiscoverFeeds, BaseHrefAndDuplicates) {
  std::string html = R"html(<html><head><base href="https://cdn.example/blog/">
    <link rel="alternate" type="application/rss+xml" href="rss.xml">
    <link rel="alternate" type="application/rss+xml" href="https://cdn.example/blog/rss.xml">
    <link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">
    </head></html>)html";
  auto feeds = DiscoverFeeds(html, "https://site.example/");
  auto advertised = Urls(feeds, true);
  EXPECT_EQ(advertised, (std::vector<std::string>{"https://cdn.example/blog/rss.xml"}));
  // Guessed paths live on the page's own origin, never the <base> host.
  EXPECT_EQ(Urls(feeds, false).front(), "https://site.example/feed");
}

TEST(DiscoverFeeds, BrokenOrHostileHtmlGivesOnlyCandidates) {
  for (std::string html : {std::string(""), std::string("\0\0\xff<<<", 6), std::string("<link rel=alternate"),
                           std::string(100000, '<')}) {
    auto feeds = DiscoverFeeds(html, "http://example.com/a/b");
    EXPECT_TRUE(Urls(feeds, true).empty());
    EXPECT_EQ(Urls(feeds, false).size(), 5u);
  }
}

TEST(DiscoverFeeds, NoCandidatesWithoutAnHttpPageUrl) {
  auto feeds = DiscoverFeeds(R"html(<link rel="alternate" type="application/rss+xml" href="/x">)html", "");
  EXPECT_TRUE(feeds.empty());
}

TEST(DiscoverFeeds, CapsTheNumberOfAdvertisedFeeds) {
  std::string html;
  for (int i = 0; i < 1000; ++i)
    html += "<link rel=alternate type=application/rss+xml href=/f" + std::to_string(i) + ">";
  EXPECT_LE(Urls(DiscoverFeeds(html, "http://example.com/"), true).size(), 32u);
}

}  // namespace
}  // namespace herald::feed
