// Store::RecordFeeds: several fetched feeds' entries, queued jobs and fetch
// states in one transaction.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;
using testing::SampleSource;

class RecordFeedsTest : public testing::BackendWithSource {
 protected:
  FeedRecord Fetched(int64_t source_id, const std::string& etag) {
    FeedRecord record;
    record.source_id = source_id;
    record.fetch = FeedRecord::Fetch{etag, "Mon, 01 Jan 2024 00:00:00 GMT", "", 1000, 5000};
    return record;
  }
};

TEST_P(RecordFeedsTest, WritesArticlesJobsAndFetchStatesOfEveryFeedTogether) {
  int64_t second = *store_->AddSource(SampleSource("https://other.example/feed.xml"));
  std::vector<FeedRecord> records;
  records.push_back(Fetched(source_id_, "\"a1\""));
  records[0].articles = {SampleArticle(source_id_, "https://example.com/1"),
                         SampleArticle(source_id_, "https://example.com/2")};
  records.push_back(Fetched(second, "\"b1\""));
  records[1].jobs.push_back({0, "article", second, "https://other.example/x", "{}", 0, ""});
  records.push_back(Fetched(second, ""));  // then a failed fetch of that source
  records[2].fetch->error = "HTTP 500";
  ASSERT_TRUE(store_->RecordFeeds(records, 1000).ok());

  ASSERT_EQ(records[0].outcomes.size(), 2u);
  EXPECT_EQ(records[0].outcomes[0], PutOutcome::kInserted);
  EXPECT_GT(records[0].articles[1].id, 0);
  EXPECT_EQ(*store_->CountArticles(), 2);
  EXPECT_EQ(store_->CountJobs()->pending, 1);
  auto first_source = *store_->GetSource(source_id_);
  EXPECT_EQ(first_source->etag, "\"a1\"");
  EXPECT_EQ(first_source->next_fetch_utc, 5000);
  EXPECT_EQ(first_source->error_count, 0);
  auto second_source = *store_->GetSource(second);
  EXPECT_EQ(second_source->etag, "\"b1\"") << "a failure keeps the validators";
  EXPECT_EQ(second_source->last_error, "HTTP 500");
  EXPECT_EQ(second_source->error_count, 1);
  auto found = store_->Search({.text = "Ragasa"});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 2u) << "new articles are searchable";
}

TEST_P(RecordFeedsTest, AnArticleOfAnUnknownSourceWritesNothing) {
  std::vector<FeedRecord> records;
  records.push_back(Fetched(source_id_, "\"a1\""));
  records[0].articles = {SampleArticle(source_id_, "https://example.com/1")};
  records.push_back(Fetched(9999, "\"z\""));
  records[1].articles = {SampleArticle(9999, "https://example.com/orphan")};
  Status written = store_->RecordFeeds(records, 1000);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::kInvalidInput) << written.message();
  EXPECT_EQ(*store_->CountArticles(), 0);
  EXPECT_EQ((*store_->GetSource(source_id_))->etag, "") << "validators only with their entries";
}

TEST_P(RecordFeedsTest, TheFetchStateOfARemovedSourceIsSkipped) {
  int64_t gone = *store_->AddSource(SampleSource("https://gone.example/feed.xml"));
  ASSERT_TRUE(store_->RemoveSource(gone).ok());
  std::vector<FeedRecord> records;
  records.push_back(Fetched(gone, "\"g\""));
  records.push_back(Fetched(source_id_, "\"a1\""));
  ASSERT_TRUE(store_->RecordFeeds(records, 1000).ok());
  EXPECT_EQ((*store_->GetSource(source_id_))->etag, "\"a1\"");
}

HERALD_ON_BOTH_BACKENDS(RecordFeedsTest);

}  // namespace
}  // namespace herald::store
