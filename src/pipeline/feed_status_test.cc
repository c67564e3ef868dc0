#include "pipeline/feed_status.h"

#include <gtest/gtest.h>

namespace herald::pipeline {
namespace {

constexpr int64_t kNow = 1760000000;

TEST(FeedStatusTest, DurationsReadNaturally) {
  EXPECT_EQ(DescribeDuration(-5), "0 s");
  EXPECT_EQ(DescribeDuration(45), "45 s");
  EXPECT_EQ(DescribeDuration(840), "14 min");
  EXPECT_EQ(DescribeDuration(7200), "2 h");
  EXPECT_EQ(DescribeDuration(7500), "2 h 5 min");
  EXPECT_EQ(DescribeDuration(2 * 86400), "2 d");
  EXPECT_EQ(DescribeDuration(200000), "2 d 7 h");
}

TEST(FeedStatusTest, NewHealthyAndFailingSources) {
  store::Source s;
  EXPECT_EQ(DescribeFeedStatus(s, kNow), "not fetched yet; due now");
  s.last_fetched_utc = kNow - 60;
  s.next_fetch_utc = kNow + 840;
  EXPECT_EQ(DescribeFeedStatus(s, kNow), "ok; next fetch in 14 min");
  s.error_count = 1;
  s.last_error = "https://x.example/feed: HTTP 503, blocked by bot protection (Cloudflare)";
  EXPECT_EQ(DescribeFeedStatus(s, kNow),
            "failing: https://x.example/feed: HTTP 503, blocked by bot protection (Cloudflare); next try in 14 min");
  s.error_count = 3;
  s.next_fetch_utc = kNow + 7200;
  EXPECT_EQ(DescribeFeedStatus(s, kNow),
            "failing (3 times in a row): https://x.example/feed: HTTP 503, blocked by bot protection (Cloudflare); "
            "next try in 2 h");
  s.next_fetch_utc = kNow - 1;
  EXPECT_NE(DescribeFeedStatus(s, kNow).find("; due now"), std::string::npos);
}

}  // namespace
}  // namespace herald::pipeline
