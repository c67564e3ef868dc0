#include "story/engine.h"

#include <algorithm>
#include <cstdlib>

namespace herald::story {

struct StoryEngine::Remembered {
  std::string id;
  int64_t published_utc = 0;
  ArticleFeatures features;
  int64_t story_id = 0;        // as assigned; ResolveStory gives the survivor
  std::string representative;  // its own id unless it is a copy
};

struct StoryEngine::OpenStory {
  int64_t first_utc = 0;
  std::vector<const Remembered*> members;
};

namespace {

// How often (in added articles) forgotten articles are swept out.
constexpr size_t kForgetEvery = 64;

bool Within(int64_t a, int64_t b, int64_t window) { return std::llabs(a - b) <= window; }

}  // namespace

StoryEngine::StoryEngine(EngineOptions options) : options_(std::move(options)) {}
StoryEngine::~StoryEngine() = default;

double StoryEngine::StorySimilarity(const Remembered& a, const Remembered& b) const {
  if (a.features.language == b.features.language)
    return TfIdfCosine(a.features.words, b.features.words, word_frequencies_) / options_.same_language_threshold;
  // Only anchors seen in both languages can be evidence: "peilan" (from 沛岚
  // and from Peilan) counts, "denglu" (登陆, landfall) has no English twin.
  const DocumentFrequencies& in_a = anchors_by_language_.at(a.features.language);
  const DocumentFrequencies& in_b = anchors_by_language_.at(b.features.language);
  auto in_both = [&](const std::string& term) { return in_a.Contains(term) && in_b.Contains(term); };
  // A high cosine over one or two shared anchors ("China", "2025") is chance.
  if (SharedTerms(a.features.anchors, b.features.anchors, in_both) < options_.min_shared_anchors) return 0;
  return TfIdfCosine(a.features.anchors, b.features.anchors, anchor_frequencies_, in_both) /
         options_.cross_language_threshold;
}

const StoryEngine::Remembered* StoryEngine::FindCopied(const Remembered& article) const {
  const Remembered* best = nullptr;
  double best_containment = 0;
  for (const auto& other : articles_) {
    if (!Within(other->published_utc, article.published_utc, options_.duplicate_window_seconds)) continue;
    DuplicateVerdict verdict = CompareForDuplicate(article.features, other->features, options_.duplicates);
    if (verdict.duplicate && verdict.containment > best_containment) {
      best = other.get();
      best_containment = verdict.containment;
    }
  }
  return best;
}

Result<Assignment> StoryEngine::Add(const ArticleInput& input) {
  if (input.id.empty()) return MakeError(ErrorKind::kInvalidInput, "story engine: an article needs an id");
  if (by_id_.count(input.id))
    return MakeError(ErrorKind::kInvalidInput, "story engine: article '" + input.id + "' was already added");
  auto article = std::make_unique<Remembered>();
  article->id = input.id;
  article->published_utc = input.published_utc;
  article->features = ComputeFeatures(input.title, input.text, input.language);
  CountFrequencies(article->features);

  Assignment assignment;
  if (const Remembered* copied = FindCopied(*article)) {
    article->representative = copied->representative;
    assignment.duplicate_of = copied->representative;
    assignment.story_id = ResolveStory(copied->story_id);
    Remember(std::move(article), assignment.story_id);
    return assignment;
  }
  article->representative = article->id;

  // Every open story the article links to, strongest first.
  std::vector<std::pair<double, int64_t>> linked;
  for (const auto& [story_id, story] : stories_) {
    if (!Within(story.first_utc, article->published_utc, options_.story_window_seconds)) continue;
    double strength = 0;
    for (const Remembered* member : story.members) strength = std::max(strength, StorySimilarity(*article, *member));
    if (strength >= 1) linked.emplace_back(strength, story_id);
  }
  if (linked.empty()) {
    assignment.story_id = next_story_id_++;
  } else {
    // The article joins its strongest link. Stories it links strongly enough
    // are one story after all: the oldest survives, the others are absorbed.
    std::sort(linked.begin(), linked.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    linked.erase(std::remove_if(linked.begin() + 1, linked.end(),
                                [&](const auto& link) { return link.first < options_.merge_strength; }),
                 linked.end());
    int64_t survivor = linked.front().second;
    for (const auto& link : linked) survivor = std::min(survivor, link.second);
    assignment.story_id = survivor;
    OpenStory& kept = stories_[survivor];
    for (const auto& [strength, story_id] : linked) {
      if (story_id == survivor) continue;
      OpenStory& absorbed = stories_[story_id];
      kept.first_utc = std::min(kept.first_utc, absorbed.first_utc);
      kept.members.insert(kept.members.end(), absorbed.members.begin(), absorbed.members.end());
      stories_.erase(story_id);
      redirects_[story_id] = survivor;
      assignment.absorbed_story_ids.push_back(story_id);
    }
  }
  Remember(std::move(article), assignment.story_id);
  return assignment;
}

Status StoryEngine::Restore(const ArticleInput& input, const Assignment& stored) {
  if (input.id.empty() || by_id_.count(input.id) || stored.story_id <= 0)
    return MakeError(ErrorKind::kInvalidInput,
                     "story engine: cannot restore article '" + input.id + "' (empty or repeated id, or no story)");
  auto article = std::make_unique<Remembered>();
  article->id = input.id;
  article->published_utc = input.published_utc;
  article->features = ComputeFeatures(input.title, input.text, input.language);
  CountFrequencies(article->features);
  article->representative = stored.duplicate_of.value_or(input.id);
  next_story_id_ = std::max(next_story_id_, stored.story_id + 1);
  for (int64_t absorbed : stored.absorbed_story_ids) RestoreRedirect(absorbed, stored.story_id);
  Remember(std::move(article), ResolveStory(stored.story_id));
  return Status::Ok();
}

void StoryEngine::RestoreRedirect(int64_t absorbed, int64_t survivor) {
  if (absorbed == survivor || ResolveStory(survivor) == absorbed) return;  // no cycles
  next_story_id_ = std::max({next_story_id_, absorbed + 1, survivor + 1});
  redirects_[absorbed] = survivor;
  auto it = stories_.find(absorbed);
  if (it == stories_.end()) return;
  OpenStory& kept = stories_[ResolveStory(survivor)];
  if (kept.members.empty()) kept.first_utc = it->second.first_utc;
  kept.first_utc = std::min(kept.first_utc, it->second.first_utc);
  kept.members.insert(kept.members.end(), it->second.members.begin(), it->second.members.end());
  stories_.erase(absorbed);
}

int64_t StoryEngine::ResolveStory(int64_t story_id) const {
  for (auto it = redirects_.find(story_id); it != redirects_.end(); it = redirects_.find(story_id))
    story_id = it->second;
  return story_id;
}

void StoryEngine::CountFrequencies(const ArticleFeatures& features) {
  word_frequencies_.Add(features.words);
  anchor_frequencies_.Add(features.anchors);
  anchors_by_language_[features.language].Add(features.anchors);
}

size_t StoryEngine::remembered_articles() const { return articles_.size(); }

void StoryEngine::Remember(std::unique_ptr<Remembered> article, int64_t story_id) {
  article->story_id = story_id;
  auto [it, created] = stories_.try_emplace(story_id);
  if (created || it->second.members.empty()) it->second.first_utc = article->published_utc;
  it->second.first_utc = std::min(it->second.first_utc, article->published_utc);
  it->second.members.push_back(article.get());
  by_id_[article->id] = article.get();
  newest_utc_ = std::max(newest_utc_, article->published_utc);
  articles_.push_back(std::move(article));
  if (articles_.size() % kForgetEvery == 0) Forget(newest_utc_ - options_.memory_seconds);
}

void StoryEngine::Forget(int64_t older_than_utc) {
  auto old = [older_than_utc](const Remembered* a) { return a->published_utc < older_than_utc; };
  for (auto it = stories_.begin(); it != stories_.end();) {
    auto& members = it->second.members;
    members.erase(std::remove_if(members.begin(), members.end(), old), members.end());
    it = members.empty() ? stories_.erase(it) : std::next(it);
  }
  for (auto& article : articles_) {
    if (!old(article.get())) continue;
    word_frequencies_.Remove(article->features.words);
    anchor_frequencies_.Remove(article->features.anchors);
    anchors_by_language_[article->features.language].Remove(article->features.anchors);
    by_id_.erase(article->id);
  }
  articles_.erase(std::remove_if(articles_.begin(), articles_.end(), [&](const auto& a) { return old(a.get()); }),
                  articles_.end());
}

}  // namespace herald::story
