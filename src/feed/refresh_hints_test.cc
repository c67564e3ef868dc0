// WebSub discovery (hub and self links) and RSS refresh hints (ttl,
// skipHours) in every format that carries them.
#include <gtest/gtest.h>

#include "feed/feed.h"

namespace herald::feed {
namespace {

Feed ParseOk(std::string_view bytes, std::string url = "https://news.example.com/feed.xml") {
  auto feed = ParseFeed(bytes, {std::move(url), ""});
  EXPECT_TRUE(feed.ok()) << feed.message();
  return feed.ok() ? *feed : Feed{};
}

TEST(RefreshHints, RssAtomLinksTtlAndSkipHours) {
  Feed f = ParseOk(R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
  <title>T</title><link>https://news.example.com/</link>
  <atom:link rel="self" href="/feed.xml" type="application/rss+xml"/>
  <atom:link rel="hub" href="https://hub.example.net/"/>
  <atom:link rel="hub" href="https://second-hub.example.net/"/>
  <ttl> 45 </ttl>
  <skipHours><hour>3</hour><hour>1</hour><hour>24</hour><hour>1</hour><hour>x</hour></skipHours>
</channel></rss>)");
  EXPECT_EQ(f.self_url, "https://news.example.com/feed.xml");
  EXPECT_EQ(f.hub_url, "https://hub.example.net/");
  EXPECT_EQ(f.ttl_minutes, 45);
  EXPECT_EQ(f.skip_hours, (std::vector<int>{0, 1, 3}));
}

TEST(RefreshHints, NonsenseTtlIsIgnored) {
  for (const char* ttl : {"-5", "soon", "99999999", ""}) {
    Feed f = ParseOk(std::string("<rss version=\"2.0\"><channel><title>T</title><ttl>") + ttl +
                     "</ttl></channel></rss>");
    EXPECT_EQ(f.ttl_minutes, 0) << ttl;
  }
}

TEST(RefreshHints, AtomHubAndSelf) {
  Feed f = ParseOk(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
  <link href="https://news.example.com/"/>
  <link rel="hub" href="https://hub.example.net/hub"/>
  <link rel="self" href="atom.xml"/></feed>)",
                   "https://news.example.com/x/atom.xml");
  EXPECT_EQ(f.hub_url, "https://hub.example.net/hub");
  EXPECT_EQ(f.self_url, "https://news.example.com/x/atom.xml");
  EXPECT_EQ(f.link, "https://news.example.com/");
}

TEST(RefreshHints, JsonFeedHubs) {
  Feed f = ParseOk(R"({"version":"https://jsonfeed.org/version/1.1","title":"T",
    "feed_url":"https://news.example.com/feed.json",
    "hubs":[{"type":"rssCloud","url":"https://cloud.example/"},{"type":"WebSub","url":"https://hub.example.net/"}],
    "items":[]})");
  EXPECT_EQ(f.hub_url, "https://hub.example.net/");
  EXPECT_EQ(f.self_url, "https://news.example.com/feed.json");
}

TEST(RefreshHints, AbsentMeansEmpty) {
  Feed f = ParseOk("<rss version=\"2.0\"><channel><title>T</title></channel></rss>");
  EXPECT_TRUE(f.hub_url.empty());
  EXPECT_TRUE(f.self_url.empty());
  EXPECT_EQ(f.ttl_minutes, 0);
  EXPECT_TRUE(f.skip_hours.empty());
}

}  // namespace
}  // namespace herald::feed
