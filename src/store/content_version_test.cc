// The content version moves on every change a reader could see, in any
// process on the same store (both backends), and stays put for views and fetch bookkeeping.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;
using testing::SampleSource;

class ContentVersionTest : public testing::BackendWithSource {
 protected:
  void SetUp() override {
    BackendWithSource::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    article_ = SampleArticle(source_id_, "https://example.com/a");
    ASSERT_TRUE(store_->PutArticle(article_).ok());
  }

  int64_t Version() {
    auto v = store_->ContentVersion();
    EXPECT_TRUE(v.ok()) << v.message();
    return v.ok() ? *v : -1;
  }

  // Runs `change` and reports whether the version moved.
  template <typename Fn>
  bool Moves(Fn change) {
    int64_t before = Version();
    change();
    return Version() > before;
  }

  Article article_;
};

TEST_P(ContentVersionTest, MovesOnEveryVisibleChange) {
  EXPECT_TRUE(Moves([&] {
    Article b = SampleArticle(source_id_, "https://example.com/b");
    ASSERT_TRUE(store_->PutArticle(b).ok());
  }));
  EXPECT_TRUE(Moves([&] {
    article_.title = "A new title";
    ASSERT_EQ(*store_->PutArticle(article_), PutOutcome::kUpdated);
  }));
  EXPECT_TRUE(Moves([&] { ASSERT_TRUE(store_->SetHidden(article_.id, true).ok()); }));
  EXPECT_TRUE(Moves([&] { ASSERT_TRUE(store_->SetHidden(article_.id, false).ok()); }));
  EXPECT_TRUE(Moves([&] { ASSERT_TRUE(store_->SetFeatured(article_.id, true).ok()); }));
  EXPECT_TRUE(Moves([&] { ASSERT_TRUE(store_->SetArticleTopics({{article_.id, {"weather"}}}).ok()); }));
  EXPECT_TRUE(Moves([&] { ASSERT_TRUE(store_->AddSource(SampleSource("https://other.example/feed")).ok()); }));
  EXPECT_TRUE(Moves([&] { ASSERT_TRUE(store_->RemoveSource(source_id_).ok()); }));
}

TEST_P(ContentVersionTest, StaysForViewsUnchangedArticlesAndFetchBookkeeping) {
  EXPECT_FALSE(Moves([&] { ASSERT_TRUE(store_->AddViews(article_.id, "2025-10-02", 3).ok()); }));
  EXPECT_FALSE(Moves([&] { ASSERT_EQ(*store_->PutArticle(article_), PutOutcome::kUnchanged); }));
  EXPECT_FALSE(Moves([&] { ASSERT_TRUE(store_->UpdateFetchState(source_id_, "\"e\"", "", 1759378000, "").ok()); }));
  EXPECT_FALSE(Moves([&] { ASSERT_TRUE(store_->ScheduleNextFetch(source_id_, 1759379000).ok()); }));
}

TEST_P(ContentVersionTest, SeesChangesMadeThroughAnotherConnection) {
  auto other = Open();
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(Moves([&] { ASSERT_TRUE(other->SetHidden(article_.id, true).ok()); }));
}

HERALD_ON_BOTH_BACKENDS(ContentVersionTest);

}  // namespace
}  // namespace herald::store
