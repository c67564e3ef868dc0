#include "pipeline/retention.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace herald::pipeline {
namespace {

constexpr int64_t kNow = 1767225600;  // 2026-01-01
constexpr int64_t kDay = 86400;

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-retention-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto store = store::Store::Open({.path = dir_ + "/herald.db"});
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);
    auto source = store_->AddSource({.name = "Paper", .feed_url = "https://paper.example/feed"});
    ASSERT_TRUE(source.ok()) << source.message();
    source_id_ = *source;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // An article published `age_days` ago (undated: fetched then).
  int64_t Add(const std::string& slug, int64_t age_days, bool dated = true) {
    store::Article a;
    a.source_id = source_id_;
    a.url = a.canonical_url = "https://paper.example/" + slug;
    a.title = slug;
    a.text = "text of " + slug;
    a.fetched_utc = kNow - age_days * kDay;
    if (dated) a.published = Timestamp{kNow - age_days * kDay, 0, true};
    auto put = store_->PutArticle(a);
    EXPECT_TRUE(put.ok()) << put.message();
    return a.id;
  }
  bool Exists(int64_t id) {
    auto got = store_->GetArticle(id);
    EXPECT_TRUE(got.ok());
    return got.ok() && got->has_value();
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  int64_t source_id_ = 0;
};

TEST_F(RetentionTest, ZeroDaysKeepsEverything) {
  int64_t ancient = Add("ancient", 5000);
  auto report = RunRetention(*store_, {.max_age_days = 0}, kNow);
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_EQ(report->articles_deleted, 0);
  EXPECT_TRUE(Exists(ancient));
}

TEST_F(RetentionTest, DeletesOldUnfeaturedKeepsFeaturedAndRecent) {
  int64_t old_plain = Add("old", 40);
  int64_t old_undated = Add("old-undated", 40, /*dated=*/false);
  int64_t old_featured = Add("old-featured", 40);
  int64_t recent = Add("recent", 5);
  int64_t edge = Add("edge", 29);
  ASSERT_TRUE(store_->SetFeatured(old_featured, true).ok());
  ASSERT_TRUE(store_->AddViews(old_plain, "2025-11-20", 7).ok());
  ASSERT_TRUE(store_->AddViews(recent, "2025-12-30", 3).ok());
  ASSERT_TRUE(store_->SetArticleTopics({{old_plain, {"weather"}}, {recent, {"weather"}}}).ok());

  auto report = RunRetention(*store_, {.max_age_days = 30}, kNow);
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_EQ(report->articles_deleted, 2);
  EXPECT_EQ(report->cutoff_utc, kNow - 30 * kDay);
  EXPECT_FALSE(Exists(old_plain));
  EXPECT_FALSE(Exists(old_undated));
  EXPECT_TRUE(Exists(old_featured));
  EXPECT_TRUE(Exists(recent));
  EXPECT_TRUE(Exists(edge));

  // What hung from the purged article went with it.
  auto views = store_->GetViews(old_plain, "2025-11-20");
  ASSERT_TRUE(views.ok());
  EXPECT_EQ(views->total, 0);
  auto topics = store_->TopicsOfArticle(old_plain);
  ASSERT_TRUE(topics.ok());
  EXPECT_TRUE(topics->empty());
  auto counts = store_->TopicCounts();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].articles, 1);  // only the recent one
  EXPECT_EQ(store_->GetViews(recent, "2025-12-30")->total, 3);

  // A second pass finds nothing more.
  auto again = RunRetention(*store_, {.max_age_days = 30}, kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->articles_deleted, 0);
}

TEST_F(RetentionTest, BigPurgeRunsInBatchesUntilDone) {
  const int kOld = kPurgeBatch * 2 + 17;
  std::vector<store::Article> batch;
  for (int i = 0; i < kOld; ++i) {
    store::Article a;
    a.source_id = source_id_;
    a.url = a.canonical_url = "https://paper.example/old/" + std::to_string(i);
    a.title = "old " + std::to_string(i);
    a.fetched_utc = kNow - 100 * kDay;
    a.published = Timestamp{kNow - 100 * kDay + i, 0, true};
    batch.push_back(a);
  }
  ASSERT_TRUE(store_->PutArticles(batch).ok());
  Add("fresh", 1);
  auto report = RunRetention(*store_, {.max_age_days = 7}, kNow);
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_EQ(report->articles_deleted, kOld);
  EXPECT_EQ(*store_->CountArticles(), 1);
}

TEST_F(RetentionTest, TrimsTheImageCacheToItsCap) {
  std::string cache = dir_ + "/images";
  std::filesystem::create_directories(cache);
  // Three 600 KiB files under SHA-256-like names, oldest first by time.
  std::string kib600(600 * 1024, 'x');
  for (int i = 0; i < 3; ++i) {
    std::string name = cache + "/" + std::string(63, 'a') + std::to_string(i);
    std::ofstream(name, std::ios::binary) << kib600;
    std::filesystem::last_write_time(name, std::filesystem::file_time_type::clock::now() - std::chrono::hours(3 - i));
  }
  auto report = RunRetention(*store_, {.max_age_days = 0, .image_cache_mib = 1}, kNow, cache);
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_LE(report->image_cache_bytes, 1u << 20);
  uint64_t left = 0;
  for (const auto& entry : std::filesystem::directory_iterator(cache))
    if (entry.is_regular_file()) left += entry.file_size();
  EXPECT_LE(left, 1u << 20);
  EXPECT_TRUE(std::filesystem::exists(cache + "/" + std::string(63, 'a') + "2"));  // the newest stays
}

TEST_F(RetentionTest, MissingImageCacheFolderIsSkipped) {
  auto report = RunRetention(*store_, {.max_age_days = 0}, kNow, dir_ + "/no-such-folder");
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/no-such-folder"));
}

TEST_F(RetentionTest, StoreFailureIsReported) {
  // A read-only store cannot delete: the error comes back, nothing is lost.
  int64_t old_plain = Add("old", 40);
  auto reader = store::Store::Open({.path = dir_ + "/herald.db", .read_only = true});
  ASSERT_TRUE(reader.ok()) << reader.message();
  auto report = RunRetention(**reader, {.max_age_days = 30}, kNow);
  EXPECT_FALSE(report.ok());
  if (!report.ok()) {
    EXPECT_NE(report.message().find("retention"), std::string::npos) << report.message();
  }
  EXPECT_TRUE(Exists(old_plain));
}

}  // namespace
}  // namespace herald::pipeline
