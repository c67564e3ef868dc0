// Topics computed as ingest stores articles (IngestOptions::after_store wired
// to ApplyTopicsToArticle, as cli does), against the demo newsroom over real
// loopback HTTP into a real SQLite file, for both storing paths: article
// pages (jobs) and the feeds' own content.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "common/strings.h"
#include "demo/newsroom.h"
#include "pipeline/ingest.h"
#include "topics/apply.h"

namespace herald::topics {
namespace {

class IngestTopicsTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-ingest-topics-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto newsroom = demo::StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(newsroom.ok()) << newsroom.message();
    newsroom_ = std::move(*newsroom);
    auto store = store::Store::Open({dir_ + "/herald.db"});
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);
    for (const auto& f : demo::Feeds()) {
      store::Source s;
      s.name = f.publisher;
      s.feed_url = newsroom_->base_url() + f.path;
      ASSERT_TRUE(store_->AddSource(s).ok());
    }
  }
  void TearDown() override {
    store_.reset();
    newsroom_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<httpd::Server> newsroom_;
  std::unique_ptr<store::Store> store_;
};

TEST_P(IngestTopicsTest, StoredArticlesGetTheirTopicsAsTheyArrive) {
  TopicRule rare;
  rare.name = "rare-earths";
  rare.keywords = {"rare earth", "rare-earth", "稀土", "レアアース"};
  auto matcher = TopicMatcher::Create({rare});
  ASSERT_TRUE(matcher.ok()) << matcher.message();
  std::shared_ptr<const TopicMatcher> shared(std::move(*matcher));

  net::FetchOptions fetch;
  fetch.allow_private_networks = true;
  fetch.per_host_delay_ms = 0;
  net::Fetcher fetcher(fetch);
  pipeline::IngestOptions options;
  options.fetch_article_pages = GetParam();
  options.after_store = [shared](store::Store& store, const store::Article& article) {
    return ApplyTopicsToArticle(store, *shared, article);
  };
  pipeline::Ingester ingester(*store_, fetcher, options);
  auto report = ingester.RunOnce();
  ASSERT_TRUE(report.ok()) << report.message();
  ASSERT_GT(report->articles_new, 0);

  // Ground truth, independently: the stored articles that name the subject.
  std::set<int64_t> expected;
  auto all = store_->ArticlesForRules(0, 1000);
  ASSERT_TRUE(all.ok());
  for (const auto& a : *all) {
    std::string body = a.title + "\n" + a.text;
    for (const char* k : {"rare earth", "rare-earth", "稀土", "レアアース"})
      if (ContainsIgnoreCase(body, k)) expected.insert(a.id);
  }
  ASSERT_FALSE(expected.empty()) << "the demo newsroom should carry rare-earth stories";
  store::ArticleFilter filter;
  filter.topic = "rare-earths";
  auto listed = store_->ListArticles(filter, 1000);
  ASSERT_TRUE(listed.ok());
  std::set<int64_t> got;
  for (const auto& a : *listed) got.insert(a.id);
  EXPECT_EQ(got, expected);
}

INSTANTIATE_TEST_SUITE_P(StoringPaths, IngestTopicsTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "ArticlePages" : "FeedContent"; });

}  // namespace
}  // namespace herald::topics
