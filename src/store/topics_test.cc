// Topic membership, topic filters on lists and search, and meta settings, on
// both backends.
#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;
class TopicsTest : public testing::BackendWithSource {
 protected:
  int64_t Put(const std::string& slug, const std::string& title, int64_t published) {
    Article a = SampleArticle(source_id_, "https://example.com/" + slug);
    a.title = title;
    a.text = title + " body";
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
    return ids;
  }
};
HERALD_ON_BOTH_BACKENDS(TopicsTest);

TEST_P(TopicsTest, SetReplacesAnArticlesTopics) {
  int64_t a = Put("a", "Storm", 1000);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather", "asia"}}}).ok());
  EXPECT_EQ(*store_->TopicsOfArticle(a), (std::vector<std::string>{"asia", "weather"}));
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather"}}}).ok());
  EXPECT_EQ(*store_->TopicsOfArticle(a), (std::vector<std::string>{"weather"}));
  ASSERT_TRUE(store_->SetArticleTopics({{a, {}}}).ok());
  EXPECT_TRUE(store_->TopicsOfArticle(a)->empty());
  EXPECT_TRUE(store_->TopicsOfArticle(999)->empty());
}

TEST_P(TopicsTest, UnknownArticlesAndRepeatsAreSkipped) {
  int64_t a = Put("a", "Storm", 1000);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather", "weather"}}, {12345, {"weather"}}}).ok());
  auto counts = store_->TopicCounts();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].topic, "weather");
  EXPECT_EQ((*counts)[0].articles, 1);
}

// Re-applying the same memberships writes nothing (the content version,
// which page caches poll, stays put); a repeated article takes its last
// list, as if written one after the other.
TEST_P(TopicsTest, UnchangedMembershipsMoveNothingAndTheLastRepeatWins) {
  int64_t a = Put("a", "Storm", 1000);
  int64_t b = Put("b", "Markets", 2000);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather"}}, {b, {"money", "asia"}}}).ok());
  int64_t before = *store_->ContentVersion();
  ASSERT_TRUE(store_->SetArticleTopics({{b, {"asia", "money"}}, {a, {"weather"}}, {4242, {}}}).ok());
  EXPECT_EQ(*store_->ContentVersion(), before);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"asia"}}, {a, {"money", "weather"}}}).ok());
  EXPECT_GT(*store_->ContentVersion(), before);
  EXPECT_EQ(*store_->TopicsOfArticle(a), (std::vector<std::string>{"money", "weather"}));
  EXPECT_EQ(*store_->TopicsOfArticle(b), (std::vector<std::string>{"asia", "money"}));
  ASSERT_TRUE(store_->SetArticleTopics({}).ok());
  // Names are data: quotes and non-ASCII survive, and order by byte value.
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"天气", "it's \"news\""}}}).ok());
  EXPECT_EQ(*store_->TopicsOfArticle(a), (std::vector<std::string>{"it's \"news\"", "天气"}));
}

TEST_P(TopicsTest, ListFiltersByTopicWithCursorAndOffset) {
  int64_t a = Put("a", "Storm one", 1000);
  int64_t b = Put("b", "Markets", 2000);
  int64_t c = Put("c", "Storm two", 3000);
  int64_t d = Put("d", "Storm three", 4000);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather"}}, {b, {"money"}}, {c, {"weather"}}, {d, {"weather"}}}).ok());
  ArticleFilter filter;
  filter.topic = "weather";
  EXPECT_EQ(Ids(store_->ListArticles(filter, 10)), (std::vector<int64_t>{d, c, a}));
  filter.offset = 1;
  EXPECT_EQ(Ids(store_->ListArticles(filter, 1)), (std::vector<int64_t>{c}));
  filter.offset = 0;
  filter.before_sort_utc = 3000;
  filter.before_id = c;
  EXPECT_EQ(Ids(store_->ListArticles(filter, 10)), (std::vector<int64_t>{a}));
  filter = {};
  filter.topic = "nothing-here";
  EXPECT_TRUE(Ids(store_->ListArticles(filter, 10)).empty());
  filter.topic = "' OR 1=1 --";  // bound, never spliced into SQL
  EXPECT_TRUE(Ids(store_->ListArticles(filter, 10)).empty());
}

TEST_P(TopicsTest, SearchFiltersByTopic) {
  int64_t a = Put("a", "Storm over the bay", 1000);
  int64_t b = Put("b", "Storm of protest in parliament", 2000);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather"}}, {b, {"politics"}}}).ok());
  SearchQuery q;
  q.text = "storm";
  EXPECT_EQ(Ids(store_->Search(q)).size(), 2u);
  q.topic = "politics";
  EXPECT_EQ(Ids(store_->Search(q)), (std::vector<int64_t>{b}));
}

TEST_P(TopicsTest, HiddenArticlesLeaveTopicListsAndCounts) {
  int64_t a = Put("a", "Storm", 1000);
  int64_t b = Put("b", "Storm again", 2000);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather"}}, {b, {"weather"}}}).ok());
  ASSERT_TRUE(store_->SetHidden(b, true).ok());
  ArticleFilter filter;
  filter.topic = "weather";
  EXPECT_EQ(Ids(store_->ListArticles(filter, 10)), (std::vector<int64_t>{a}));
  EXPECT_EQ((*store_->TopicCounts())[0].articles, 1);
}

TEST_P(TopicsTest, RemovingASourceRemovesItsMemberships) {
  int64_t a = Put("a", "Storm", 1000);
  ASSERT_TRUE(store_->SetArticleTopics({{a, {"weather"}}}).ok());
  ASSERT_TRUE(store_->RemoveSource(source_id_).ok());
  EXPECT_TRUE(store_->TopicCounts()->empty());
}

TEST_P(TopicsTest, ArticlesForRulesPagesInIdOrderIncludingHidden) {
  int64_t a = Put("a", "One", 3000);
  int64_t b = Put("b", "Two", 1000);
  int64_t c = Put("c", "Three", 2000);
  ASSERT_TRUE(store_->SetHidden(b, true).ok());
  auto first = store_->ArticlesForRules(0, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].id, a);
  EXPECT_EQ((*first)[0].title, "One");
  EXPECT_EQ((*first)[0].source_name, "Example News");
  EXPECT_EQ((*first)[0].language, "en");
  EXPECT_EQ((*first)[0].word_count, 11);
  EXPECT_EQ((*first)[1].id, b);
  auto rest = store_->ArticlesForRules(b, 2);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].id, c);
  EXPECT_FALSE(store_->ArticlesForRules(0, -1).ok());
}

TEST_P(TopicsTest, MetaKeepsValuesAcrossReopen) {
  EXPECT_EQ(*store_->GetMeta("topics.fingerprint"), "");
  ASSERT_TRUE(store_->SetMeta("topics.fingerprint", "abc").ok());
  ASSERT_TRUE(store_->SetMeta("topics.fingerprint", "def").ok());
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->GetMeta("topics.fingerprint"), "def");
  EXPECT_EQ(*store_->GetMeta("never.set"), "");
}

}  // namespace
}  // namespace herald::store
