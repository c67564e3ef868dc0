#include "pipeline/stories.h"

#include <algorithm>

namespace herald::pipeline {
namespace {

// Articles read from the store at a time. Each batch is put in publication
// order first: one feed stores its entries newest first.
constexpr int kBatch = 2000;

}  // namespace

story::ArticleInput StoryStage::InputOf(const store::ArticleForRules& article) {
  return {std::to_string(article.id), article.source_name, article.sort_utc, article.language, article.title,
          article.text};
}

Result<std::unique_ptr<StoryStage>> StoryStage::Open(store::Store& store, story::EngineOptions options) {
  const int64_t memory_seconds = options.memory_seconds;
  std::unique_ptr<StoryStage> stage(new StoryStage(store, std::move(options)));
  if (Status restored = stage->Restore(memory_seconds); !restored.ok()) return restored.error();
  return stage;
}

Status StoryStage::Restore(int64_t memory_seconds) {
  auto newest = store_.LatestArticles(1, 0);
  if (!newest.ok()) return newest.status();
  const int64_t since = newest->empty() ? 0 : newest->front().sort_utc - memory_seconds;
  for (int64_t after = 0;;) {
    auto batch = store_.ArticlesWithStorySince(since, after, kBatch);
    if (!batch.ok()) return batch.status();
    if (batch->empty()) break;
    for (const store::ArticleForRules& a : *batch) {
      story::Assignment stored;
      stored.story_id = a.story_id;
      if (a.duplicate_of != 0) stored.duplicate_of = std::to_string(a.duplicate_of);
      // A stored assignment the engine cannot take back (a duplicate id) is
      // only a lost hint for later articles, not a reason to stop.
      (void)engine_.Restore(InputOf(a), stored);
    }
    after = batch->back().id;
  }
  auto merges = store_.StoryMerges();
  if (!merges.ok()) return merges.status();
  for (const store::StoryMerge& m : *merges) engine_.RestoreRedirect(m.absorbed, m.survivor);
  return Status::Ok();
}

Result<int64_t> StoryStage::AssignPending() {
  int64_t assigned = 0;
  std::vector<std::string> refused;
  for (int64_t after = 0;;) {
    auto batch = store_.ArticlesWithoutStory(after, kBatch);
    if (!batch.ok()) return batch.error();
    if (batch->empty()) break;
    after = batch->back().id;
    std::stable_sort(batch->begin(), batch->end(), [](const auto& a, const auto& b) { return a.sort_utc < b.sort_utc; });
    std::vector<store::StoryAssignment> assignments;
    std::vector<store::StoryMerge> merges;
    for (const store::ArticleForRules& a : *batch) {
      auto result = engine_.Add(InputOf(a));
      if (!result.ok()) {
        refused.push_back("article " + std::to_string(a.id) + ": " + result.message());
        continue;
      }
      int64_t duplicate_of = result->duplicate_of ? std::stoll(*result->duplicate_of) : 0;
      assignments.push_back({a.id, result->story_id, duplicate_of});
      for (int64_t absorbed : result->absorbed_story_ids) merges.push_back({absorbed, result->story_id});
    }
    if (Status written = store_.RecordStories(assignments, merges); !written.ok()) return written.error();
    assigned += static_cast<int64_t>(assignments.size());
  }
  if (!refused.empty())
    return MakeError(ErrorKind::kInvalidInput, "stories: " + std::to_string(refused.size()) +
                                                   " article(s) left without a story, first " + refused.front());
  return assigned;
}

}  // namespace herald::pipeline
