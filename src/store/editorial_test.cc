// Editorial control: a hidden article leaves every list and search at once
// and survives refetching; featured articles are listed for the home page.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;
using testing::SampleSource;

bool HasId(const std::vector<ArticleSummary>& list, int64_t id) {
  return std::any_of(list.begin(), list.end(), [id](const ArticleSummary& a) { return a.id == id; });
}

class EditorialTest : public testing::BackendWithSource {
 protected:
  void SetUp() override {
    BackendWithSource::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Three articles on one subject, distinct content, distinct times.
    for (int i = 0; i < 3; ++i) {
      Article a = SampleArticle(source_id_, "https://example.com/typhoon-" + std::to_string(i));
      a.title = "Typhoon Ragasa update " + std::to_string(i);
      a.text = "Typhoon Ragasa typhoon harbour closed schools closed ferries " + std::to_string(i);
      a.content_hash = "hash" + std::to_string(i);
      a.published = Timestamp{1759377180 + i * 60, 0, true};
      ASSERT_TRUE(store_->PutArticle(a).ok());
      ids_.push_back(a.id);
    }
  }

  // Every reader-facing list, checked for one id.
  void ExpectListedEverywhere(int64_t id, bool listed) {
    SCOPED_TRACE("article " + std::to_string(id) + (listed ? " listed" : " not listed"));
    EXPECT_EQ(HasId(*store_->LatestArticles(10, 0), id), listed);
    EXPECT_EQ(HasId(*store_->SourceArticles(source_id_, 10, 0), id), listed);
    EXPECT_EQ(HasId(*store_->ListArticles({}, 10), id), listed);
    SearchQuery q;
    q.text = "Ragasa";
    EXPECT_EQ(HasId(*store_->Search(q), id), listed);
    int64_t other = id == ids_[0] ? ids_[1] : ids_[0];
    EXPECT_EQ(HasId(*store_->RelatedArticles(other, 10), id), listed);
  }

  std::vector<int64_t> ids_;
};

TEST_P(EditorialTest, HiddenArticleLeavesEveryListAndComesBackWhenUnhidden) {
  ExpectListedEverywhere(ids_[1], true);
  ASSERT_TRUE(store_->SetHidden(ids_[1], true).ok());
  ExpectListedEverywhere(ids_[1], false);
  ExpectListedEverywhere(ids_[0], true);
  auto got = store_->GetArticle(ids_[1]);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_TRUE((*got)->hidden) << "GetArticle callers must be able to tell";

  ArticleFilter hidden_only;
  hidden_only.hidden = true;
  auto hidden = store_->ListArticles(hidden_only, 10);
  ASSERT_TRUE(hidden.ok());
  ASSERT_EQ(hidden->size(), 1u);
  EXPECT_EQ(hidden->front().id, ids_[1]);

  ASSERT_TRUE(store_->SetHidden(ids_[1], false).ok());
  ExpectListedEverywhere(ids_[1], true);
  EXPECT_FALSE((*store_->GetArticle(ids_[1]))->hidden);
}

TEST_P(EditorialTest, RefetchingAHiddenArticleKeepsItHidden) {
  ASSERT_TRUE(store_->SetHidden(ids_[2], true).ok());
  Article again = **store_->GetArticle(ids_[2]);
  again.hidden = false;  // a fetcher knows nothing of takedowns
  again.title = "Typhoon Ragasa: corrected headline";
  auto outcome = store_->PutArticle(again);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(*outcome, PutOutcome::kUpdated);
  EXPECT_TRUE((*store_->GetArticle(ids_[2]))->hidden);
  ExpectListedEverywhere(ids_[2], false);
}

TEST_P(EditorialTest, FeaturedArticlesAreListedNewestFirstAndNeverWhenHidden) {
  EXPECT_TRUE(store_->FeaturedArticles(10)->empty());
  ASSERT_TRUE(store_->SetFeatured(ids_[0], true).ok());
  ASSERT_TRUE(store_->SetFeatured(ids_[2], true).ok());
  ASSERT_TRUE(store_->SetFeatured(ids_[2], true).ok()) << "setting the same value again is fine";
  auto featured = store_->FeaturedArticles(10);
  ASSERT_TRUE(featured.ok());
  ASSERT_EQ(featured->size(), 2u);
  EXPECT_EQ((*featured)[0].id, ids_[2]);
  EXPECT_EQ((*featured)[1].id, ids_[0]);
  EXPECT_TRUE((*featured)[0].featured);
  EXPECT_TRUE((*store_->GetArticle(ids_[0]))->featured);
  EXPECT_EQ(store_->FeaturedArticles(1)->size(), 1u);

  ASSERT_TRUE(store_->SetHidden(ids_[2], true).ok());
  featured = store_->FeaturedArticles(10);
  ASSERT_EQ(featured->size(), 1u);
  EXPECT_EQ(featured->front().id, ids_[0]);

  ASSERT_TRUE(store_->SetFeatured(ids_[0], false).ok());
  EXPECT_TRUE(store_->FeaturedArticles(10)->empty());
}

TEST_P(EditorialTest, UnknownIdsAreNotFound) {
  for (int64_t id : {int64_t{0}, int64_t{-1}, int64_t{999999}}) {
    Status hide = store_->SetHidden(id, true);
    ASSERT_FALSE(hide.ok());
    EXPECT_EQ(hide.error().kind, ErrorKind::kNotFound);
    EXPECT_NE(hide.message().find(std::to_string(id)), std::string::npos) << hide.message();
    Status feature = store_->SetFeatured(id, true);
    ASSERT_FALSE(feature.ok());
    EXPECT_EQ(feature.error().kind, ErrorKind::kNotFound);
  }
  EXPECT_FALSE(store_->FeaturedArticles(-1).ok());
}

HERALD_ON_BOTH_BACKENDS(EditorialTest);

using FeedUrlTest = testing::BackendTest;

TEST_P(FeedUrlTest, UpdateFeedUrlMovesASourceButNeverOntoAnother) {
  Store* store = store_.get();
  int64_t a = *store->AddSource(testing::SampleSource("https://a.example/old.xml"));
  ASSERT_TRUE(store->AddSource(testing::SampleSource("https://b.example/feed.xml")).ok());
  ASSERT_TRUE(store->UpdateFeedUrl(a, "https://a.example/new.xml").ok());
  EXPECT_EQ((*store->GetSource(a))->feed_url, "https://a.example/new.xml");
  Status clash = store->UpdateFeedUrl(a, "https://b.example/feed.xml");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(store->UpdateFeedUrl(999, "https://x.example/").error().kind, ErrorKind::kNotFound);
}

HERALD_ON_BOTH_BACKENDS(FeedUrlTest);

}  // namespace
}  // namespace herald::store
