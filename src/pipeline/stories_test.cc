// StoryStage: stored articles go through the story engine in publication
// order, and a restart (a new stage over the same store) continues exactly
// as one uninterrupted engine would.
#include "pipeline/stories.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "demo/content.h"
#include "store/store_test_support.h"

namespace herald::pipeline {
namespace {

class StoryStageTest : public store::testing::StoreWithSource {
 protected:
  // The demo newsroom's articles from `begin` to `end` in publication
  // order, stored newest first (as one feed stores its entries).
  void PutDemoArticles(size_t begin, size_t end) {
    std::vector<demo::Article> table = demo::ArticleTable();
    std::stable_sort(table.begin(), table.end(),
                     [](const auto& a, const auto& b) { return UtcOf(a.published) < UtcOf(b.published); });
    std::vector<store::Article> batch;
    for (size_t i = begin; i < end; ++i) {
      const demo::Article& d = table[i];
      store::Article a;
      a.source_id = source_id_;
      a.canonical_url = "https://demo.example" + demo::ArticlePath(d);
      a.url = a.canonical_url;
      a.title = d.title;
      for (const std::string& p : d.paragraphs) a.text += (a.text.empty() ? "" : "\n\n") + p;
      a.language = d.language;
      a.published = Timestamp{UtcOf(d.published), d.published.offset_minutes, true};
      batch.push_back(a);
    }
    std::sort(batch.begin(), batch.end(),
              [](const auto& a, const auto& b) { return a.published->utc_seconds > b.published->utc_seconds; });
    auto put = store_->PutArticles(batch);
    ASSERT_TRUE(put.ok()) << put.message();
  }
  static int64_t UtcOf(const demo::LocalTime& t) {
    auto ts = ParseDate(Format("%04d-%02d-%02dT%02d:%02d:00Z", t.year, t.month, t.day, t.hour, t.minute));
    return ts->utc_seconds - int64_t{t.offset_minutes} * 60;
  }
  static std::string Format(const char* format, int a, int b, int c, int d, int e) {
    char out[32];
    std::snprintf(out, sizeof out, format, a, b, c, d, e);
    return out;
  }
  // URL -> (story, URL of the representative when a copy), as stored.
  std::map<std::string, std::pair<int64_t, std::string>> Stored() {
    std::map<std::string, std::pair<int64_t, std::string>> out;
    auto all = store_->ArticlesForRules(0, 1000);
    EXPECT_TRUE(all.ok());
    for (const auto& a : *all) {
      std::string original = a.duplicate_of ? (*store_->GetArticle(a.duplicate_of))->url : "";
      out[(*store_->GetArticle(a.id))->url] = {*store_->ResolveStory(a.story_id), original};
    }
    return out;
  }
};

TEST_F(StoryStageTest, FindsTheWireCopiesAndRestartsWhereItStopped) {
  const size_t n = demo::ArticleTable().size();
  ASSERT_GT(n, 8u);
  // One run over everything.
  PutDemoArticles(0, n);
  {
    auto stage = StoryStage::Open(*store_);
    ASSERT_TRUE(stage.ok()) << stage.message();
    auto assigned = (*stage)->AssignPending();
    ASSERT_TRUE(assigned.ok()) << assigned.message();
    EXPECT_EQ(*assigned, static_cast<int64_t>(n));
    EXPECT_EQ(*(*stage)->AssignPending(), 0) << "nothing is assigned twice";
  }
  auto once = Stored();
  int copies = 0;
  for (const auto& [url, verdict] : once) {
    EXPECT_GT(verdict.first, 0) << url;
    if (verdict.second.empty()) continue;
    ++copies;
    EXPECT_EQ(once[verdict.second].second, "") << "a copy names its group's representative";
    EXPECT_EQ(once[verdict.second].first, verdict.first) << "a copy is in its original's story";
  }
  EXPECT_EQ(copies, 2) << "the demo's wire story has two word-for-word copies";

  // The same articles in two rounds (older half, newer half), with a restart
  // between them: the same stories, numbers included, and the same copies.
  store::testing::TempDir other_dir;
  store_ = store::testing::OpenOrDie(other_dir.File("herald.db"));
  ASSERT_NE(store_, nullptr);
  source_id_ = *store_->AddSource(store::testing::SampleSource("https://example.com/feed.xml"));
  PutDemoArticles(0, n / 2);
  ASSERT_TRUE((*StoryStage::Open(*store_))->AssignPending().ok());
  PutDemoArticles(n / 2, n);
  ASSERT_TRUE((*StoryStage::Open(*store_))->AssignPending().ok());
  auto twice = Stored();
  EXPECT_EQ(twice, once);
}

}  // namespace
}  // namespace herald::pipeline
