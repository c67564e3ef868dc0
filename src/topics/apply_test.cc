// Applying topic rules to a real SQLite store: the full pass, the
// fingerprint that skips it, and single articles.
#include "topics/apply.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace herald::topics {
namespace {

using store::testing::SampleArticle;

class ApplyTopicsTest : public store::testing::StoreWithSource {
 protected:
  int64_t Put(const std::string& slug, const std::string& title, const std::string& language = "en") {
    store::Article a = SampleArticle(source_id_, "https://example.com/" + slug);
    a.title = title;
    a.text = "Body of " + slug + ".";
    a.language = language;
    a.content_hash = slug;
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  }

  static std::unique_ptr<TopicMatcher> Matcher(std::vector<TopicRule> rules) {
    auto m = TopicMatcher::Create(std::move(rules));
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.message());
    return std::move(*m);
  }

  std::vector<std::string> TopicsOf(int64_t id) { return *store_->TopicsOfArticle(id); }
};

TopicRule Rule(std::string name, std::vector<std::string> keywords) {
  TopicRule r;
  r.name = std::move(name);
  r.keywords = std::move(keywords);
  return r;
}

TEST_F(ApplyTopicsTest, RecomputesEveryArticleInBatchesAndOnlyWhenRulesChange) {
  int64_t storm = Put("storm", "Typhoon nears the coast");
  int64_t chips = Put("chips", "Chip export rules tighten");
  int64_t both = Put("both", "Typhoon halts chip plant");
  int64_t zh = Put("zh", "台风过境", "zh");
  auto weather = Matcher({Rule("weather", {"typhoon", "台风"}), Rule("chips", {"chip"})});

  auto first = ApplyTopicsIfChanged(*store_, *weather, 2);  // batches of two
  ASSERT_TRUE(first.ok()) << first.message();
  EXPECT_TRUE(first->recomputed);
  EXPECT_EQ(first->articles, 4);
  EXPECT_EQ(first->memberships, 5);
  EXPECT_EQ(TopicsOf(storm), (std::vector<std::string>{"weather"}));
  EXPECT_EQ(TopicsOf(chips), (std::vector<std::string>{"chips"}));
  EXPECT_EQ(TopicsOf(both), (std::vector<std::string>{"chips", "weather"}));
  EXPECT_EQ(TopicsOf(zh), (std::vector<std::string>{"weather"}));
  EXPECT_EQ(*store_->GetMeta(kFingerprintKey), weather->fingerprint());

  EXPECT_EQ(first->changed, 4);

  auto again = ApplyTopicsIfChanged(*store_, *weather);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->recomputed);
  auto forced = ApplyTopics(*store_, *weather);  // `herald reprocess`: always, nothing changes
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->articles, 4);
  EXPECT_EQ(forced->changed, 0);

  // Changed rules: a removed topic leaves every article, a new one is filled.
  auto changed = Matcher({Rule("asia", {"台风"})});
  auto redone = ApplyTopicsIfChanged(*store_, *changed);
  ASSERT_TRUE(redone.ok());
  EXPECT_TRUE(redone->recomputed);
  EXPECT_TRUE(TopicsOf(storm).empty());
  EXPECT_EQ(TopicsOf(zh), (std::vector<std::string>{"asia"}));
  auto counts = store_->TopicCounts();
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].topic, "asia");
}

TEST_F(ApplyTopicsTest, AnEmptyStoreStillRecordsTheFingerprint) {
  auto m = Matcher({Rule("x", {"y"})});
  auto r = ApplyTopicsIfChanged(*store_, *m);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->articles, 0);
  EXPECT_EQ(*store_->GetMeta(kFingerprintKey), m->fingerprint());
}

TEST_F(ApplyTopicsTest, OneArticleUsesTheSourceNameWhenARuleNamesSources) {
  TopicRule r = Rule("local", {"flood"});
  r.sources = {"example news"};  // SampleSource's name, folded
  auto m = Matcher({r, Rule("any", {"flood"})});
  store::Article a = SampleArticle(source_id_, "https://example.com/flood");
  a.title = "Flood warning";
  ASSERT_TRUE(store_->PutArticle(a).ok());
  ASSERT_TRUE(ApplyTopicsToArticle(*store_, *m, a).ok());
  EXPECT_EQ(TopicsOf(a.id), (std::vector<std::string>{"any", "local"}));
  a.title = "Dry spell";  // an update that no longer matches clears the topics
  ASSERT_TRUE(store_->PutArticle(a).ok());
  ASSERT_TRUE(ApplyTopicsToArticle(*store_, *m, a).ok());
  EXPECT_TRUE(TopicsOf(a.id).empty());
}

}  // namespace
}  // namespace herald::topics
