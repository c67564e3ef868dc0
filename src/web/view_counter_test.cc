#include "web/view_counter.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace herald::web {
namespace {

TEST(ViewCounter, RecognizesBotsAndPrefetches) {
  EXPECT_TRUE(ViewCounter::IsBot(""));
  EXPECT_TRUE(ViewCounter::IsBot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
  EXPECT_TRUE(ViewCounter::IsBot("facebookexternalhit/1.1"));
  EXPECT_TRUE(ViewCounter::IsBot("curl/7.88.1"));
  EXPECT_FALSE(ViewCounter::IsBot("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"));
  httpd::Request r;
  EXPECT_FALSE(ViewCounter::IsPrefetch(r));
  r.headers["sec-purpose"] = "prefetch;prerender";
  EXPECT_TRUE(ViewCounter::IsPrefetch(r));
  httpd::Request moz;
  moz.headers["x-moz"] = "prefetch";
  EXPECT_TRUE(ViewCounter::IsPrefetch(moz));
}

TEST(ViewCounter, FlushesBatchesAndKeepsCountsAcrossInstances) {
  char tmpl[] = "/tmp/herald-views-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string dir = tmpl;
  auto store = store::Store::Open({dir + "/herald.db"});
  ASSERT_TRUE(store.ok());
  store::Source s;
  s.feed_url = "https://x.example/feed";
  int64_t source = *(*store)->AddSource(s);
  store::Article a;
  a.source_id = source;
  a.url = a.canonical_url = "https://x.example/a";
  a.fetched_utc = 1;
  ASSERT_TRUE((*store)->PutArticle(a).ok());
  std::string today;
  {
    auto counter = ViewCounter::Create(**store, {.time_zone = "Asia/Shanghai", .flush_interval_seconds = 3600});
    ASSERT_TRUE(counter.ok());
    today = (*counter)->Today();
    EXPECT_EQ(today.size(), 10u);
    for (int visitor = 0; visitor < 5; ++visitor) {
      httpd::Request r;
      r.remote_ip = "203.0.113." + std::to_string(visitor);
      r.headers["user-agent"] = "Mozilla/5.0";
      (*counter)->Record(a.id, r);
      (*counter)->Record(a.id, r);  // the same visitor again: not counted
    }
    EXPECT_EQ((*store)->GetViews(a.id, today)->total, 0);  // not flushed yet
  }  // destruction flushes
  EXPECT_EQ((*store)->GetViews(a.id, today)->total, 5);
  EXPECT_EQ((*store)->GetViews(a.id, today)->today, 5);
  auto bad = ViewCounter::Create(**store, {.time_zone = "Not/AZone"});
  EXPECT_FALSE(bad.ok());
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace herald::web
