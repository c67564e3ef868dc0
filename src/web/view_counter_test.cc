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

// A store with one article, in a temp dir removed at the end.
class SharedViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-shared-views-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto opened = store::Store::Open({dir_ + "/herald.db"});
    ASSERT_TRUE(opened.ok()) << opened.message();
    store_ = std::move(*opened);
    store::Source s;
    s.feed_url = "https://x.example/feed";
    article_.source_id = *store_->AddSource(s);
    article_.url = article_.canonical_url = "https://x.example/a";
    article_.fetched_utc = 1;
    ASSERT_TRUE(store_->PutArticle(article_).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  static httpd::Request Visitor(int n) {
    httpd::Request r;
    r.remote_ip = "198.51.100." + std::to_string(n);
    r.headers["user-agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120";
    return r;
  }
  std::unique_ptr<ViewCounter> Counter() {
    auto counter = ViewCounter::Create(*store_, {.time_zone = "UTC", .flush_interval_seconds = 3600});
    EXPECT_TRUE(counter.ok());
    return std::move(*counter);
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  store::Article article_;
};

// Two counters on one store stand for two web processes.
TEST_F(SharedViewsTest, OneVisitorSeenByTwoProcessesCountsOnce) {
  auto first = Counter();
  auto second = Counter();
  EXPECT_EQ(first->Record(article_.id, Visitor(1)).total, 1);  // the visitor's own view shows at once
  ASSERT_TRUE(first->Flush().ok());
  EXPECT_EQ(second->Record(article_.id, Visitor(1)).today, 2);  // pending here: not known yet to be a repeat
  ASSERT_TRUE(second->Flush().ok());
  EXPECT_EQ(store_->GetViews(article_.id, first->Today())->today, 1);
  EXPECT_EQ(first->Record(article_.id, Visitor(1)).today, 1);
}

TEST_F(SharedViewsTest, DistinctVisitorsSplitOverTwoProcessesAddUpExactly) {
  auto first = Counter();
  auto second = Counter();
  for (int n = 0; n < 10; ++n) {
    (n % 2 == 0 ? first : second)->Record(article_.id, Visitor(n));
    (n % 2 == 0 ? second : first)->Record(article_.id, Visitor(n));  // the same visitor on the other process
  }
  ASSERT_TRUE(first->Flush().ok());
  ASSERT_TRUE(second->Flush().ok());
  EXPECT_EQ(store_->GetViews(article_.id, first->Today())->total, 10);
  EXPECT_EQ(first->Record(article_.id, Visitor(3)).total, 10);
}

TEST_F(SharedViewsTest, TheDaysSaltIsSharedThroughTheStore) {
  auto first = Counter();
  auto second = Counter();
  first->Record(article_.id, Visitor(7));
  ASSERT_TRUE(first->Flush().ok());
  // Both processes use the salt the store keeps for today.
  auto salt = store_->DailySalt(first->Today(), "a candidate that must lose");
  ASSERT_TRUE(salt.ok());
  EXPECT_NE(*salt, "a candidate that must lose");
  second->Record(article_.id, Visitor(7));
  ASSERT_TRUE(second->Flush().ok());
  EXPECT_EQ(store_->GetViews(article_.id, first->Today())->total, 1);
}

TEST_F(SharedViewsTest, VisitsOfAnUnknownArticleAreDropped) {
  auto counter = Counter();
  counter->Record(article_.id + 1000, Visitor(1));
  counter->Record(article_.id, Visitor(1));
  EXPECT_TRUE(counter->Flush().ok());
  EXPECT_EQ(store_->GetViews(article_.id, counter->Today())->total, 1);
  EXPECT_EQ(store_->GetViews(article_.id + 1000, counter->Today())->total, 0);
}

}  // namespace
}  // namespace herald::web
