// Applying the site focus to a real SQLite store: the full pass writes only
// changed flags, the fingerprint skips a pass when nothing changed, changed
// rules bring articles back, and single articles are set as they arrive.
#include "topics/focus_apply.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/store_test_support.h"

namespace herald::topics {
namespace {

using store::testing::SampleArticle;

class ApplyFocusTest : public store::testing::StoreWithSource {
 protected:
  int64_t Put(const std::string& path, const std::string& title) {
    store::Article a = SampleArticle(source_id_, "https://example.com" + path);
    a.url = a.canonical_url;
    a.title = title;
    a.text = "Body of " + path + ".";
    a.content_hash = path;
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  }

  static std::unique_ptr<FocusMatcher> Matcher(FocusRule rule) {
    auto m = FocusMatcher::Create(std::move(rule));
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.message());
    return std::move(*m);
  }

  std::vector<int64_t> Listed() {
    std::vector<int64_t> ids;
    auto listed = store_->LatestArticles(100, 0);
    EXPECT_TRUE(listed.ok());
    if (listed.ok())
      for (const auto& a : *listed) ids.push_back(a.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

TEST_F(ApplyFocusTest, ChangedRulesMoveArticlesOutAndBackIn) {
  int64_t storm = Put("/world/asia/storm", "Typhoon nears the coast");
  int64_t gossip = Put("/world/asia/gossip", "Celebrity wedding draws crowds");
  int64_t sport = Put("/sport/final", "Cup final tonight");
  FocusRule no_gossip;
  no_gossip.exclude_keywords = {"celebrity"};
  auto m = Matcher(no_gossip);

  auto first = ApplyFocusIfChanged(*store_, *m, 2);  // batches of two
  ASSERT_TRUE(first.ok()) << first.message();
  EXPECT_TRUE(first->recomputed);
  EXPECT_EQ(first->articles, 3);
  EXPECT_EQ(first->changed, 1);
  EXPECT_EQ(first->out_of_focus, 1);
  EXPECT_EQ(Listed(), (std::vector<int64_t>{storm, sport}));
  EXPECT_EQ(*store_->GetMeta(kFocusFingerprintKey), m->fingerprint());

  auto again = ApplyFocusIfChanged(*store_, *m);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->recomputed);
  auto forced = ApplyFocus(*store_, *m);  // what `herald reprocess` runs
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->changed, 0);

  // Sections replace the keyword: gossip is back, sport leaves.
  FocusRule asia;
  asia.sections[source_id_] = {"/world/asia/"};
  auto sections = Matcher(asia);
  std::vector<int64_t> progress;
  auto redone = ApplyFocus(*store_, *sections, 2, [&](int64_t done) { progress.push_back(done); });
  ASSERT_TRUE(redone.ok()) << redone.message();
  EXPECT_EQ(redone->changed, 2);
  EXPECT_EQ(progress, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Listed(), (std::vector<int64_t>{storm, gossip}));

  // No rule at all: everything is shown again.
  auto everything = Matcher({});
  auto cleared = ApplyFocusIfChanged(*store_, *everything);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->out_of_focus, 0);
  EXPECT_EQ(Listed(), (std::vector<int64_t>{storm, gossip, sport}));
}

TEST_F(ApplyFocusTest, OneArticleAsItIsStored) {
  FocusRule no_gossip;
  no_gossip.exclude_keywords = {"celebrity"};
  auto m = Matcher(no_gossip);
  store::Article gossip = SampleArticle(source_id_, "https://example.com/gossip");
  gossip.title = "Celebrity wedding";
  ASSERT_TRUE(store_->PutArticle(gossip).ok());
  ASSERT_TRUE(ApplyFocusToArticle(*store_, *m, gossip).ok());
  EXPECT_TRUE((*store_->GetArticle(gossip.id))->out_of_focus);
  // Refetched under a changed title, it comes back at once.
  gossip.title = "Wedding draws crowds";
  ASSERT_TRUE(store_->PutArticle(gossip).ok());
  ASSERT_TRUE(ApplyFocusToArticle(*store_, *m, gossip).ok());
  EXPECT_FALSE((*store_->GetArticle(gossip.id))->out_of_focus);
  // A deleted article is no error.
  gossip.id = 987654;
  EXPECT_TRUE(ApplyFocusToArticle(*store_, *m, gossip).ok());
}

}  // namespace
}  // namespace herald::topics
