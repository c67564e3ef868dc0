// Site focus (Article::out_of_focus, Store::SetOutOfFocus) on both backends:
// an article outside the focus leaves every reader-facing list and is back
// as soon as the rules take it in again.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;
class FocusTest : public testing::BackendWithSource {
 protected:
  void SetUp() override {
    BackendWithSource::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    kept_ = Put("kept", "Typhoon Ragasa nears the harbour", 1000);
    dropped_ = Put("dropped", "Typhoon Ragasa closes the schools", 2000);
  }

  int64_t Put(const std::string& slug, const std::string& title, int64_t published) {
    Article a = SampleArticle(source_id_, "https://example.com/" + slug);
    a.title = title;
    a.text = title + ". The typhoon brought heavy rain and strong wind to the coast.";
    a.content_hash = slug;
    a.published = Timestamp{published, 0, true};
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  }

  static std::vector<int64_t> Ids(const Result<std::vector<ArticleSummary>>& rows) {
    EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.message());
    std::vector<int64_t> ids;
    if (rows.ok())
      for (const auto& r : *rows) ids.push_back(r.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Where readers could meet `dropped_`: every list, search, feed source and
  // related articles of the other one.
  void ExpectListed(bool dropped_listed) {
    std::vector<int64_t> expected = {kept_};
    if (dropped_listed) expected.push_back(dropped_);
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(Ids(store_->LatestArticles(10, 0)), expected);
    EXPECT_EQ(Ids(store_->ListArticles(ArticleFilter{}, 10)), expected);
    EXPECT_EQ(Ids(store_->SourceArticles(source_id_, 10, 0)), expected);
    EXPECT_EQ(Ids(store_->Search(SearchQuery{.text = "typhoon"})), expected);
    EXPECT_EQ(Ids(store_->FeaturedArticles(10)), expected);
    auto related = Ids(store_->RelatedArticles(kept_, 10));
    EXPECT_EQ(std::count(related.begin(), related.end(), dropped_), dropped_listed ? 1 : 0);
    auto counts = store_->TopicCounts();
    ASSERT_TRUE(counts.ok());
    ASSERT_EQ(counts->size(), 1u);
    EXPECT_EQ((*counts)[0].articles, dropped_listed ? 2 : 1);
  }

  int64_t kept_ = 0;
  int64_t dropped_ = 0;
};
HERALD_ON_BOTH_BACKENDS(FocusTest);

TEST_P(FocusTest, OutOfFocusArticlesLeaveListsButStayStored) {
  ASSERT_TRUE(store_->SetFeatured(kept_, true).ok());
  ASSERT_TRUE(store_->SetFeatured(dropped_, true).ok());
  ASSERT_TRUE(store_->SetArticleTopics({{kept_, {"weather"}}, {dropped_, {"weather"}}}).ok());
  ExpectListed(true);

  ASSERT_TRUE(store_->SetOutOfFocus({{dropped_, true}, {kept_, false}}).ok());
  ExpectListed(false);
  auto article = store_->GetArticle(dropped_);
  ASSERT_TRUE(article.ok() && article->has_value());
  EXPECT_TRUE((*article)->out_of_focus);
  EXPECT_FALSE((*store_->GetArticle(kept_))->out_of_focus);
  EXPECT_EQ(*store_->CountArticles(), 2);

  ASSERT_TRUE(store_->SetOutOfFocus({{dropped_, false}}).ok());
  ExpectListed(true);
  EXPECT_FALSE((*store_->GetArticle(dropped_))->out_of_focus);
}

TEST_P(FocusTest, RulesReadTheFlagAndTheUrl) {
  ASSERT_TRUE(store_->SetOutOfFocus({{dropped_, true}}).ok());
  auto rows = store_->ArticlesForRules(0, 10);
  ASSERT_TRUE(rows.ok()) << rows.message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].url, "https://example.com/kept?utm_source=feed");
  EXPECT_FALSE((*rows)[0].out_of_focus);
  EXPECT_TRUE((*rows)[1].out_of_focus);
}

TEST_P(FocusTest, OnlyChangesMoveTheContentVersionAndUnknownIdsAreSkipped) {
  int64_t before = *store_->ContentVersion();
  ASSERT_TRUE(store_->SetOutOfFocus({{kept_, false}, {dropped_, false}, {424242, true}}).ok());
  EXPECT_EQ(*store_->ContentVersion(), before);
  ASSERT_TRUE(store_->SetOutOfFocus({{dropped_, true}}).ok());
  EXPECT_GT(*store_->ContentVersion(), before);
  ASSERT_TRUE(store_->SetOutOfFocus({}).ok());
  // A repeated id takes its last flag, as if written one after the other.
  ASSERT_TRUE(store_->SetOutOfFocus({{kept_, true}, {kept_, false}, {dropped_, false}, {dropped_, true}}).ok());
  EXPECT_FALSE((*store_->GetArticle(kept_))->out_of_focus);
  EXPECT_TRUE((*store_->GetArticle(dropped_))->out_of_focus);
}

TEST_P(FocusTest, RefetchingKeepsTheFlag) {
  // PutArticle neither writes nor compares it: only the rules decide.
  ASSERT_TRUE(store_->SetOutOfFocus({{dropped_, true}}).ok());
  Article again = SampleArticle(source_id_, "https://example.com/dropped");
  again.title = "Typhoon Ragasa closes the schools (updated)";
  again.content_hash = "dropped2";
  ASSERT_TRUE(store_->PutArticle(again).ok());
  EXPECT_TRUE((*store_->GetArticle(dropped_))->out_of_focus);
}

TEST(FocusMigrationTest, ArticlesStoredBeforeV12StayInFocus) {
  testing::TempDir dir;
  auto db = Database::Open(dir.File("old.db"), /*read_only=*/false);
  ASSERT_TRUE(db.ok()) << db.message();
  ASSERT_TRUE(ApplyMigrations(**db, std::span(SchemaMigrations()).first(1)).ok());
  ASSERT_TRUE((*db)->Exec("INSERT INTO sources (feed_url) VALUES ('https://example.com/feed');"
                          "INSERT INTO articles (source_id, url, canonical_url, title, text, fetched_utc) "
                          "VALUES (1, 'https://example.com/a', 'https://example.com/a', 'Old', 'Stored early', 1);")
                  .ok());
  auto applied = ApplyMigrations(**db, SchemaMigrations());
  ASSERT_TRUE(applied.ok()) << applied.message();
  EXPECT_EQ(*ReadSchemaVersion(**db), SchemaMigrations().back().version);
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM articles WHERE out_of_focus = 0"), 1);
}

}  // namespace
}  // namespace herald::store
