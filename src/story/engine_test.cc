#include "story/engine.h"

#include <gtest/gtest.h>

namespace herald::story {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1758672000;  // 2025-09-24T00:00:00Z

ArticleInput Article(std::string id, int64_t at, std::string title, std::string text, std::string language = "en") {
  return ArticleInput{std::move(id), "Test Wire", at, std::move(language), std::move(title), std::move(text)};
}

const char* kTyphoon =
    "Super Typhoon Peilan made landfall near Yangjiang in Guangdong province on Wednesday afternoon with winds of "
    "52 metres per second, after authorities moved 1.1 million people out of its path. About 410,000 households "
    "lost power in Yangjiang, Maoming and Zhanjiang, and rail services along the coast were halted.";
const char* kTyphoonRewrite =
    "Typhoon Peilan battered the Guangdong coast on Wednesday, cutting power to 410,000 homes in Yangjiang, "
    "Maoming and Zhanjiang. More than 1.1 million residents had been evacuated before the storm came ashore "
    "near Yangjiang with winds of 52 metres per second.";
const char* kTyphoonZh =
    "超强台风“沛岚”24日在广东阳江登陆，登陆时中心附近最大风力16级（52米/秒）。阳江、茂名、湛江三市累计停电用户约41万户。"
    "广东全省共转移群众110万人。";
const char* kParliament =
    "Parliament passed the annual budget after a night of debate, with the finance minister promising lower "
    "taxes for small firms and a new fund for rural schools. The opposition voted against the bill.";

TEST(StoryEngine, ArticlesAboutOneEventShareAStoryOthersStartNewOnes) {
  StoryEngine engine;
  auto first = engine.Add(Article("a", kStart, "Typhoon Peilan hits Guangdong", kTyphoon));
  auto budget = engine.Add(Article("b", kStart + 3600, "Budget passes", kParliament));
  auto rewrite = engine.Add(Article("c", kStart + 7200, "Peilan batters coast", kTyphoonRewrite));
  ASSERT_TRUE(first.ok() && budget.ok() && rewrite.ok());
  EXPECT_EQ(first->story_id, 1);
  EXPECT_EQ(budget->story_id, 2);
  EXPECT_EQ(rewrite->story_id, 1);
  EXPECT_FALSE(rewrite->duplicate_of.has_value());  // new words: same story, not a copy
}

TEST(StoryEngine, ChineseReportJoinsTheEnglishStory) {
  StoryEngine engine;
  ASSERT_TRUE(engine.Add(Article("en", kStart, "Typhoon Peilan hits Guangdong", kTyphoon)).ok());
  ASSERT_TRUE(engine.Add(Article("other", kStart, "Budget passes", kParliament)).ok());
  auto zh = engine.Add(Article("zh", kStart + 3600, "超强台风“沛岚”在广东阳江登陆", kTyphoonZh, "zh"));
  ASSERT_TRUE(zh.ok());
  EXPECT_EQ(zh->story_id, 1);
}

TEST(StoryEngine, CopiesNameTheFirstArticleAndJoinItsStory) {
  StoryEngine engine;
  ASSERT_TRUE(engine.Add(Article("orig", kStart, "Typhoon Peilan hits Guangdong", kTyphoon)).ok());
  auto copy = engine.Add(Article("copy", kStart + 600, "Storm slams China", std::string(kTyphoon) +
                                                                           "\n\nThis article originally appeared on Test Wire."));
  auto copy_of_copy = engine.Add(Article("copy2", kStart + 900, "Peilan", std::string("Local news desk.\n\n") + kTyphoon));
  ASSERT_TRUE(copy.ok() && copy_of_copy.ok());
  EXPECT_EQ(copy->duplicate_of, "orig");
  EXPECT_EQ(copy_of_copy->duplicate_of, "orig");
  EXPECT_EQ(copy->story_id, 1);
  EXPECT_EQ(copy_of_copy->story_id, 1);
}

TEST(StoryEngine, TheSameKindOfEventAfterTheWindowIsANewStory) {
  StoryEngine engine;
  auto first = engine.Add(Article("a", kStart, "Typhoon Peilan hits Guangdong", kTyphoon));
  auto later = engine.Add(Article("b", kStart + 9 * kDay, "Typhoon Peilan hits Guangdong", kTyphoonRewrite));
  ASSERT_TRUE(first.ok() && later.ok());
  EXPECT_NE(first->story_id, later->story_id);
}

TEST(StoryEngine, AnArticleLinkingTwoStoriesMergesThemAndOldIdsRedirect) {
  EngineOptions options;
  options.merge_strength = 1;  // merge on any second link, to see the mechanism
  options.same_language_threshold = 0.1;  // three documents make weak IDF weights
  StoryEngine engine(options);
  auto storm = engine.Add(Article("a", kStart, "Typhoon Peilan hits Guangdong", kTyphoon));
  auto budget = engine.Add(Article("b", kStart + 60, "Budget passes", kParliament));
  ASSERT_TRUE(storm.ok() && budget.ok());
  ASSERT_NE(storm->story_id, budget->story_id);
  // In new words (not a copy of either), about both.
  auto both = engine.Add(Article(
      "c", kStart + 120, "Storm and budget",
      "Typhoon Peilan: Yangjiang, Maoming and Zhanjiang lost power; 1.1 million evacuated in Guangdong. "
      "Parliament: the annual budget passed after debate; the finance minister promised lower taxes for small "
      "firms and a fund for rural schools; the opposition voted against the bill."));
  ASSERT_TRUE(both.ok());
  ASSERT_FALSE(both->duplicate_of.has_value());
  EXPECT_EQ(both->story_id, storm->story_id);  // the older story survives, its id unchanged
  EXPECT_EQ(both->absorbed_story_ids, std::vector<int64_t>{budget->story_id});
  EXPECT_EQ(engine.ResolveStory(budget->story_id), storm->story_id);
  EXPECT_EQ(engine.ResolveStory(storm->story_id), storm->story_id);
  // A later budget article lands in the merged story.
  auto budget_again = engine.Add(Article("d", kStart + 180, "Budget", "Parliament passed the annual budget."));
  ASSERT_TRUE(budget_again.ok());
  EXPECT_EQ(engine.ResolveStory(budget_again->story_id), storm->story_id);
}

TEST(StoryEngine, RestoredEngineContinuesLikeTheOriginal) {
  std::vector<ArticleInput> history = {Article("a", kStart, "Typhoon Peilan hits Guangdong", kTyphoon),
                                       Article("b", kStart + 60, "Budget passes", kParliament),
                                       Article("c", kStart + 120, "Copy", kTyphoon)};
  ArticleInput next = Article("d", kStart + 3600, "Peilan batters coast", kTyphoonRewrite);
  StoryEngine original;
  StoryEngine restored;
  for (const ArticleInput& article : history) {
    auto assignment = original.Add(article);
    ASSERT_TRUE(assignment.ok());
    ASSERT_TRUE(restored.Restore(article, *assignment).ok());
  }
  ArticleInput unrelated = Article("e", kStart + 7200, "Orchid", "A new orchid species was found in the hills.");
  for (const ArticleInput& article : {next, unrelated}) {
    auto expected = original.Add(article);
    auto actual = restored.Add(article);
    ASSERT_TRUE(expected.ok() && actual.ok());
    EXPECT_EQ(actual->story_id, expected->story_id) << article.id;
    EXPECT_EQ(actual->duplicate_of, expected->duplicate_of) << article.id;
    EXPECT_GE(actual->story_id, 1);
  }
  EXPECT_NE(restored.Add(Article("f", kStart, "t", "x")).value().story_id, 1);  // used ids are not reissued
}

TEST(StoryEngine, RestoredRedirectsResolve) {
  StoryEngine engine;
  engine.RestoreRedirect(5, 2);
  engine.RestoreRedirect(7, 5);
  engine.RestoreRedirect(2, 7);  // would make a cycle: ignored
  EXPECT_EQ(engine.ResolveStory(7), 2);
  EXPECT_EQ(engine.ResolveStory(2), 2);
  auto fresh = engine.Add(Article("x", kStart, "t", kParliament));
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->story_id, 8);  // ids in use are never handed out again
}

TEST(StoryEngine, RejectsEmptyAndRepeatedIds) {
  StoryEngine engine;
  EXPECT_EQ(engine.Add(Article("", kStart, "t", "x")).error().kind, ErrorKind::kInvalidInput);
  ASSERT_TRUE(engine.Add(Article("a", kStart, "t", "x")).ok());
  EXPECT_EQ(engine.Add(Article("a", kStart, "t", "x")).error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(engine.Restore(Article("a", kStart, "t", "x"), Assignment{1, std::nullopt, {}}).ok());
  EXPECT_FALSE(engine.Restore(Article("b", kStart, "t", "x"), Assignment{0, std::nullopt, {}}).ok());
}

TEST(StoryEngine, EmptyAndHostileArticlesStillGetAStory) {
  StoryEngine engine;
  auto empty = engine.Add(Article("e", 0, "", ""));
  auto junk = engine.Add(Article("j", -kDay, "\xff\xfe", std::string(5000, '\xe4')));
  auto empty_again = engine.Add(Article("e2", 0, "", ""));
  ASSERT_TRUE(empty.ok() && junk.ok() && empty_again.ok());
  EXPECT_GT(empty->story_id, 0);
  EXPECT_FALSE(empty_again->duplicate_of.has_value());  // nothing is not a copy of nothing
}

TEST(StoryEngine, OldArticlesAreForgotten) {
  EngineOptions options;
  options.memory_seconds = 2 * kDay;
  StoryEngine engine(options);
  for (int i = 0; i < 200; ++i) {
    std::string id = std::to_string(i);
    ASSERT_TRUE(engine.Add(Article(id, kStart + i * 3600, "t", kParliament)).ok());
  }
  EXPECT_LT(engine.remembered_articles(), 120u);
}

}  // namespace
}  // namespace herald::story
