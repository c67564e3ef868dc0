// The engine's candidate indexes must change no decision: the indexed engine
// is checked against the exhaustive one (every remembered article compared),
// and forgotten articles must drop out of every index.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "common/time.h"
#include "story/engine.h"

namespace herald::story {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1758672000;  // 2025-09-24T00:00:00Z

std::vector<Assignment> Run(const std::vector<ArticleInput>& articles, EngineOptions options) {
  StoryEngine engine(options);
  std::vector<Assignment> out;
  for (const ArticleInput& a : articles) {
    auto assignment = engine.Add(a);
    EXPECT_TRUE(assignment.ok()) << a.id;
    if (assignment.ok()) out.push_back(*assignment);
  }
  for (Assignment& a : out) a.story_id = engine.ResolveStory(a.story_id);
  return out;
}

void ExpectSameAssignments(const std::vector<ArticleInput>& articles, EngineOptions options = {}) {
  EngineOptions exhaustive = options;
  exhaustive.exhaustive = true;
  std::vector<Assignment> expected = Run(articles, exhaustive), indexed = Run(articles, options);
  ASSERT_EQ(expected.size(), indexed.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(indexed[i].story_id, expected[i].story_id) << articles[i].id;
    EXPECT_EQ(indexed[i].duplicate_of, expected[i].duplicate_of) << articles[i].id;
    EXPECT_EQ(indexed[i].absorbed_story_ids, expected[i].absorbed_story_ids) << articles[i].id;
  }
}

// Stories written from small vocabularies: each story has its own words and
// names, all share common words, some articles are copies with a new intro.
std::vector<ArticleInput> GeneratedArticles(size_t count) {
  static const std::vector<std::string> kCommon = {"the", "said", "officials", "on", "and", "in", "after",
                                                   "week", "report", "government", "people", "new"};
  std::mt19937 rng(42);
  std::vector<ArticleInput> articles;
  std::vector<std::string> texts;
  for (size_t i = 0; i < count; ++i) {
    size_t story = i / 4 + rng() % 3;  // neighbouring stories overlap in time
    std::string text;
    for (int w = 0; w < 80; ++w) {
      unsigned pick = rng() % 10;
      // (append, not operator+: GCC 12 warns falsely on chains of it)
      if (pick < 5) {
        text.append(kCommon[rng() % kCommon.size()]);
      } else if (pick < 8) {
        text.append("w").append(std::to_string(story)).append("x").append(std::to_string(rng() % 12));
      } else {
        text.append("Name").append(std::to_string(story * 3 + rng() % 3)).append(" ");
        text.append(std::to_string(1000 + story));
      }
      text.append(w % 15 == 14 ? ".\n\n" : " ");
    }
    if (i > 0 && rng() % 4 == 0) text = std::string("Local desk note.\n\n").append(texts[rng() % texts.size()]);
    texts.push_back(text);
    articles.push_back({std::string("a").append(std::to_string(i)), "Wire", kStart + static_cast<int64_t>(i) * 1800,
                        "en", std::string("Report ").append(std::to_string(story)), text});
  }
  return articles;
}

TEST(StoryEngineIndex, DecidesLikeComparingEveryArticle) {
  ExpectSameAssignments(GeneratedArticles(300));
}

TEST(StoryEngineIndex, DecidesLikeComparingEveryArticleOnStoriesDev) {
  std::filesystem::path path = std::filesystem::path(HERALD_SHARED_DIR) / "datasets/stories-dev/articles.jsonl";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path << " (the shared folder is absent)";
  std::vector<ArticleInput> articles;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    auto object = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(object.is_object());
    auto published = ParseDate(object.value("published", ""));
    ASSERT_TRUE(published.has_value()) << line;
    articles.push_back({object.value("id", ""), object.value("source", ""), published->utc_seconds,
                        object.value("language", ""), object.value("title", ""), object.value("text", "")});
  }
  ASSERT_GT(articles.size(), 100u);
  ExpectSameAssignments(articles);
}

TEST(StoryEngineIndex, AForgottenArticleIsNoLongerACandidate) {
  EngineOptions options;
  options.memory_seconds = kDay;
  options.duplicate_window_seconds = 30 * kDay;  // only forgetting can keep the copy apart
  options.story_window_seconds = 30 * kDay;
  for (bool exhaustive : {false, true}) {
    options.exhaustive = exhaustive;
    StoryEngine engine(options);
    std::vector<ArticleInput> articles = GeneratedArticles(70);
    ArticleInput original = articles[0];
    ASSERT_TRUE(engine.Add(original).ok());
    // Enough newer articles for a sweep (the engine forgets every 64 adds).
    for (size_t i = 1; i < articles.size(); ++i) {
      articles[i].published_utc = kStart + 3 * kDay + static_cast<int64_t>(i);
      ASSERT_TRUE(engine.Add(articles[i]).ok());
    }
    EXPECT_LT(engine.remembered_articles(), articles.size());
    ArticleInput copy = original;
    copy.id = "copy";
    copy.published_utc = kStart + 3 * kDay + 100;
    auto assignment = engine.Add(copy);
    ASSERT_TRUE(assignment.ok());
    EXPECT_FALSE(assignment->duplicate_of.has_value()) << "exhaustive " << exhaustive;
  }
}

TEST(StoryEngineIndex, ARememberedCopyIsFoundAmongManyArticles) {
  StoryEngine engine;
  std::vector<ArticleInput> articles = GeneratedArticles(200);
  for (const ArticleInput& a : articles) ASSERT_TRUE(engine.Add(a).ok());
  ArticleInput copy = articles[17];
  copy.id = "copy";
  copy.text += "\n\nThis article originally appeared on Wire.";
  auto assignment = engine.Add(copy);
  ASSERT_TRUE(assignment.ok());
  ASSERT_TRUE(assignment->duplicate_of.has_value());
}

}  // namespace
}  // namespace herald::story
