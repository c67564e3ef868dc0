#include "bench/feed_farm.h"

#include <gtest/gtest.h>

#include <set>

#include "feed/feed.h"
#include "feed/opml.h"
#include "http_get.h"

namespace herald::bench {
namespace {

using herald::testing::HttpGet;

class FeedFarmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FarmOptions options;
    options.feeds = 6;
    options.hosts = 3;
    auto farm = FeedFarm::Start(options);
    ASSERT_TRUE(farm.ok()) << farm.message();
    farm_ = std::move(*farm);
  }
  std::unique_ptr<FeedFarm> farm_;
};

TEST(FeedFarmNamesTest, HostAddressesCountUpThroughLoopback) {
  EXPECT_EQ(HostAddress(0), "127.0.0.1");
  EXPECT_EQ(HostAddress(254), "127.0.0.255");
  EXPECT_EQ(HostAddress(255), "127.0.1.0");
  EXPECT_EQ(HostAddress(499), "127.0.1.244");
}

TEST(FeedFarmNamesTest, HttpDateIsImfFixdate) {
  EXPECT_EQ(HttpDate(1795867200), "Sat, 28 Nov 2026 12:00:00 GMT");
  EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST_F(FeedFarmTest, FeedLivesOnItsHostAndParsesWithTwentyDatedItems) {
  std::string url = farm_->FeedUrl(4);  // 4 % 3 = host 1
  EXPECT_EQ(url, "http://127.0.0.2:" + std::to_string(farm_->port()) + "/feeds/4.xml");
  auto got = HttpGet(url);
  ASSERT_EQ(got.status, 200) << got.error;
  EXPECT_EQ(got.content_type, "application/rss+xml; charset=utf-8");
  auto parsed = feed::ParseFeed(got.body, {url, got.content_type});
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  ASSERT_EQ(parsed->entries.size(), 20u);
  std::set<std::string> links;
  for (const auto& e : parsed->entries) {
    EXPECT_FALSE(e.title.empty());
    EXPECT_TRUE(e.published.has_value());
    EXPECT_GT(e.summary.size(), 900u) << "descriptions are about 1 KB";
    links.insert(e.link);
  }
  EXPECT_EQ(links.size(), 20u) << "every item links to its own page";
  // Another address does not serve it.
  EXPECT_EQ(HttpGet("http://127.0.0.1:" + std::to_string(farm_->port()) + "/feeds/4.xml").status, 404);
}

TEST_F(FeedFarmTest, AnswersNotModifiedToEitherValidator) {
  auto first = HttpGet(farm_->FeedUrl(0));
  ASSERT_EQ(first.status, 200) << first.error;
  std::string etag = first.headers["etag"], last_modified = first.headers["last-modified"];
  ASSERT_EQ(etag.front(), '"') << "a strong ETag";
  ASSERT_FALSE(last_modified.empty());

  EXPECT_EQ(HttpGet(farm_->FeedUrl(0), {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(HttpGet(farm_->FeedUrl(0), {{"If-None-Match", "\"other\", " + etag}}).status, 304);
  EXPECT_EQ(HttpGet(farm_->FeedUrl(0), {{"If-Modified-Since", last_modified}}).status, 304);
  // If-None-Match decides when both are sent; a stale one gets the body.
  auto stale = HttpGet(farm_->FeedUrl(0), {{"If-None-Match", "\"stale\""}, {"If-Modified-Since", last_modified}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, first.body);
  EXPECT_EQ(HttpGet(farm_->FeedUrl(0), {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}}).status, 200);
  EXPECT_EQ(HttpGet(farm_->FeedUrl(0), {{"If-Modified-Since", "not a date"}}).status, 200);

  FarmCounters c = farm_->Counters();
  EXPECT_EQ(c.feed_200, 4);
  EXPECT_EQ(c.feed_304, 3);
  EXPECT_EQ(c.feed_conditional, 6);
  EXPECT_EQ(c.busiest_host_requests, 7);
  EXPECT_GE(c.min_host_gap_ms, 0);
}

TEST_F(FeedFarmTest, GzipHasItsOwnValidator) {
  auto plain = HttpGet(farm_->FeedUrl(1));
  auto gzip = HttpGet(farm_->FeedUrl(1), {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(gzip.status, 200);
  EXPECT_EQ(gzip.headers["content-encoding"], "gzip");
  EXPECT_NE(gzip.headers["etag"], plain.headers["etag"]);
  EXPECT_LT(gzip.body.size(), plain.body.size());
  EXPECT_EQ(HttpGet(farm_->FeedUrl(1), {{"Accept-Encoding", "gzip"}, {"If-None-Match", gzip.headers["etag"]}}).status,
            304);
}

TEST_F(FeedFarmTest, HostileAndUnknownPathsAreNotFound) {
  std::string base = "http://127.0.0.1:" + std::to_string(farm_->port());
  for (const char* path : {"/feeds/-3.xml", "/feeds/6.xml", "/feeds/99999999999999999999.xml", "/feeds/0.xmlx",
                           "/feeds/0.json", "/articles/0/20.html", "/articles/0/-1.html", "/%00", "/"}) {
    EXPECT_EQ(HttpGet(base + path).status, 404) << path;
  }
  EXPECT_EQ(HttpGet(base + "/articles/0/19.html").status, 200);
  EXPECT_EQ(HttpGet(base + "/robots.txt").status, 200);
}

TEST_F(FeedFarmTest, StatsReportAndReset) {
  ASSERT_EQ(HttpGet(farm_->FeedUrl(2)).status, 200);
  auto stats = HttpGet("http://127.0.0.1:" + std::to_string(farm_->port()) + "/stats?reset=1");
  EXPECT_NE(stats.body.find("\"feed_200\":1,"), std::string::npos) << stats.body;
  FarmCounters after = farm_->Counters();
  EXPECT_EQ(after.feed_200, 0);
  EXPECT_EQ(after.busiest_host_requests, 0);
  EXPECT_EQ(after.min_host_gap_ms, -1);
}

TEST_F(FeedFarmTest, ListsEveryFeed) {
  auto outlines = feed::ParseOpml(farm_->Opml());
  ASSERT_TRUE(outlines.ok()) << outlines.message();
  ASSERT_EQ(outlines->size(), 6u);
  EXPECT_EQ((*outlines)[5].xml_url, farm_->FeedUrl(5));
  EXPECT_EQ(farm_->UrlList(), farm_->FeedUrl(0) + "\n" + farm_->FeedUrl(1) + "\n" + farm_->FeedUrl(2) + "\n" +
                                  farm_->FeedUrl(3) + "\n" + farm_->FeedUrl(4) + "\n" + farm_->FeedUrl(5) + "\n");
}

}  // namespace
}  // namespace herald::bench
