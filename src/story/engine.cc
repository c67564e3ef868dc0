#include "story/engine.h"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace herald::story {

struct StoryEngine::Remembered {
  std::string id;
  uint64_t arrival = 0;  // the key of the indexes
  int64_t published_utc = 0;
  double word_norm = 0, anchor_norm = 0;  // as of arrival (exact while it is being added)
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

struct Scored {
  double score = 0;
  size_t shared = 0;
  bool touched = false;
};

// Scores of remembered articles for one lookup, in an array indexed by
// arrival number (remembered arrivals lie in [first, end)): a lookup touches
// thousands, and a hash map's allocations cost more than the scoring.
class Scores {
 public:
  Scores(uint64_t first, uint64_t end) : first_(first), slots_(end - first) {}
  Scored& operator[](uint64_t arrival) {
    Scored& scored = slots_[arrival - first_];
    if (!scored.touched) {
      scored.touched = true;
      touched_.push_back(arrival);
    }
    return scored;
  }
  template <typename Visit>
  void ForEach(Visit visit) {
    for (uint64_t arrival : touched_) visit(arrival, slots_[arrival - first_]);
  }

 private:
  uint64_t first_;
  std::vector<Scored> slots_;
  std::vector<uint64_t> touched_;
};

// The `limit` best-scored arrivals (ties: the earlier), in arrival order.
std::vector<uint64_t> Best(Scores& scores, size_t limit, size_t min_shared) {
  std::vector<std::pair<double, uint64_t>> ranked;
  scores.ForEach([&](uint64_t arrival, const Scored& scored) {
    if (scored.shared >= min_shared) ranked.emplace_back(scored.score, arrival);
  });
  auto better = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
  if (ranked.size() > limit) {
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(limit), ranked.end(), better);
    ranked.resize(limit);
  }
  std::vector<uint64_t> out;
  for (const auto& entry : ranked) out.push_back(entry.second);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

StoryEngine::StoryEngine(EngineOptions options) : options_(std::move(options)) {}
StoryEngine::~StoryEngine() = default;

double StoryEngine::StorySimilarity(const Remembered& a, const Remembered& b) const {
  if (a.features.language == b.features.language) {
    // TfIdfCosine, with the new article's norm computed once per Add. (The
    // member's norm as of its arrival would save a third of the time but
    // cost 0.005 BCubed F1 on stories-dev.)
    const DocumentFrequencies& df = words_by_language_.at(a.features.language);
    double dot = TfIdfDot(a.features.words, b.features.words, df);
    double norms = dot > 0 ? a.word_norm * TfIdfNorm(b.features.words, df) : 0;
    return (norms > 0 ? std::min(1.0, dot / norms) : 0) / options_.same_language_threshold;
  }
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
  // Every article CompareForDuplicate could accept: an equal fingerprint, or
  // enough agreeing MinHash positions for the containment threshold.
  std::vector<const Remembered*> candidates;
  if (options_.exhaustive) {
    for (const auto& other : articles_) candidates.push_back(other.get());
  } else {
    std::vector<uint64_t> arrivals;
    if (auto same = by_fingerprint_.find(article.features.fingerprint); same != by_fingerprint_.end())
      arrivals = same->second;
    for (const auto& [arrival, agreeing] : body_index_.Agreeing(article.features.body)) {
      const Remembered* other = by_arrival_.at(arrival);
      if (ContainmentFromAgreement(static_cast<size_t>(agreeing), article.features.body.shingle_count,
                                   other->features.body.shingle_count) >= options_.duplicates.min_containment)
        arrivals.push_back(arrival);
    }
    std::sort(arrivals.begin(), arrivals.end());
    arrivals.erase(std::unique(arrivals.begin(), arrivals.end()), arrivals.end());
    for (uint64_t arrival : arrivals) candidates.push_back(by_arrival_.at(arrival));
  }
  const Remembered* best = nullptr;
  double best_containment = 0;
  for (const Remembered* other : candidates) {  // arrival order: ties go to the earliest
    if (!Within(other->published_utc, article.published_utc, options_.duplicate_window_seconds)) continue;
    DuplicateVerdict verdict = CompareForDuplicate(article.features, other->features, options_.duplicates);
    if (verdict.duplicate && verdict.containment > best_containment) {
      best = other;
      best_containment = verdict.containment;
    }
  }
  return best;
}

std::vector<const StoryEngine::Remembered*> StoryEngine::StoryCandidates(const Remembered& article) const {
  std::vector<const Remembered*> out;
  if (options_.exhaustive) {
    for (const auto& other : articles_) out.push_back(other.get());
    return out;
  }
  out = SameLanguageCandidates(article);
  std::vector<const Remembered*> across = CrossLanguageCandidates(article);
  out.insert(out.end(), across.begin(), across.end());
  return out;
}

// Within a language: an article whose cosine reaches the threshold shares at
// least one word outside the new article's lightest words whose combined
// norm is below threshold x its norm (Cauchy-Schwarz bounds what they can add),
// so only the postings of the heavier (rarer) words are read, and of those
// not the words in very many articles. Candidates are ranked by their dot
// product over the words read, divided by their norm.
std::vector<const StoryEngine::Remembered*> StoryEngine::SameLanguageCandidates(const Remembered& article) const {
  auto index = word_index_.find(article.features.language);
  if (index == word_index_.end()) return {};
  struct Weighted {
    double weight, idf;
    const std::string* term;
  };
  const DocumentFrequencies& frequencies = words_by_language_.at(article.features.language);
  std::vector<Weighted> words;
  double norm2 = 0;
  for (const auto& [term, tf] : article.features.words) {
    double idf = frequencies.Idf(term);
    double weight = TfIdfWeight(tf, idf);
    words.push_back({weight, idf, &term});
    norm2 += weight * weight;
  }
  std::sort(words.begin(), words.end(), [](const Weighted& a, const Weighted& b) {
    return a.weight != b.weight ? a.weight < b.weight : *a.term < *b.term;
  });
  double skippable2 = options_.same_language_threshold * options_.same_language_threshold * norm2;
  double skipped2 = 0;
  Scores scores(articles_.empty() ? next_arrival_ : articles_.front()->arrival, next_arrival_);
  for (const Weighted& word : words) {
    if (skipped2 + word.weight * word.weight < skippable2) {
      skipped2 += word.weight * word.weight;
      continue;
    }
    const std::vector<TermIndex::Posting>* postings = index->second.Find(*word.term);
    if (!postings || postings->size() > options_.max_postings_per_term) continue;
    for (const TermIndex::Posting& p : *postings) {
      Scored& scored = scores[p.article];
      scored.score += word.weight * TfIdfWeight(p.tf, word.idf);
      scored.shared = 1;
    }
  }
  scores.ForEach([&](uint64_t arrival, Scored& scored) {
    double norm = by_arrival_.at(arrival)->word_norm;
    scored.score = norm > 0 ? scored.score / norm : 0;
  });
  std::vector<const Remembered*> out;
  for (uint64_t arrival : Best(scores, options_.same_language_candidates, 1)) out.push_back(by_arrival_.at(arrival));
  return out;
}

// Across languages: articles sharing at least min_shared_anchors anchors with
// the new one (an anchor indexed for another language is known in both; the
// anchors in very many articles are not read), ranked by their anchor dot
// product over their anchor norm.
std::vector<const StoryEngine::Remembered*> StoryEngine::CrossLanguageCandidates(const Remembered& article) const {
  Scores scores(articles_.empty() ? next_arrival_ : articles_.front()->arrival, next_arrival_);
  for (const auto& [language, index] : anchor_index_) {
    if (language == article.features.language) continue;
    for (const auto& [term, tf] : article.features.anchors) {
      const std::vector<TermIndex::Posting>* postings = index.Find(term);
      if (!postings || postings->size() > options_.max_postings_per_term) continue;
      double idf = anchor_frequencies_.Idf(term);
      double weight = TfIdfWeight(tf, idf);
      for (const TermIndex::Posting& p : *postings) {
        Scored& scored = scores[p.article];
        scored.score += weight * TfIdfWeight(p.tf, idf);
        ++scored.shared;
      }
    }
  }
  scores.ForEach([&](uint64_t arrival, Scored& scored) {
    double norm = by_arrival_.at(arrival)->anchor_norm;
    scored.score = norm > 0 ? scored.score / norm : 0;
  });
  std::vector<const Remembered*> out;
  for (uint64_t arrival : Best(scores, options_.cross_language_candidates, options_.min_shared_anchors))
    out.push_back(by_arrival_.at(arrival));
  return out;
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
  article->word_norm = TfIdfNorm(article->features.words, words_by_language_.at(article->features.language));

  Assignment assignment;
  if (const Remembered* copied = FindCopied(*article)) {
    article->representative = copied->representative;
    assignment.duplicate_of = copied->representative;
    assignment.story_id = ResolveStory(copied->story_id);
    Remember(std::move(article), assignment.story_id);
    return assignment;
  }
  article->representative = article->id;

  // Every open story the article links to, strongest first. A story is
  // looked at when one of its members is a candidate; then all its members
  // count, as if every story had been looked at.
  std::set<int64_t> candidate_stories;
  for (const Remembered* candidate : StoryCandidates(*article))
    candidate_stories.insert(ResolveStory(candidate->story_id));
  std::vector<std::pair<double, int64_t>> linked;
  for (int64_t story_id : candidate_stories) {
    auto found = stories_.find(story_id);
    if (found == stories_.end()) continue;
    const OpenStory& story = found->second;
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
  words_by_language_[features.language].Add(features.words);
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
  article->arrival = next_arrival_++;
  article->word_norm = TfIdfNorm(article->features.words, words_by_language_.at(article->features.language));
  article->anchor_norm = TfIdfNorm(article->features.anchors, anchor_frequencies_);
  word_index_[article->features.language].Add(article->arrival, article->features.words);
  anchor_index_[article->features.language].Add(article->arrival, article->features.anchors);
  body_index_.Add(article->arrival, article->features.body);
  by_fingerprint_[article->features.fingerprint].push_back(article->arrival);
  by_arrival_[article->arrival] = article.get();
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
  std::vector<uint64_t> forgotten;  // in arrival order, as articles_
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> terms_by_language;  // words, anchors
  for (auto& article : articles_) {
    if (!old(article.get())) continue;
    const ArticleFeatures& f = article->features;
    words_by_language_[f.language].Remove(f.words);
    anchor_frequencies_.Remove(f.anchors);
    anchors_by_language_[f.language].Remove(f.anchors);
    forgotten.push_back(article->arrival);
    auto& [words, anchors] = terms_by_language[f.language];
    for (const auto& entry : f.words) words.insert(entry.first);
    for (const auto& entry : f.anchors) anchors.insert(entry.first);
    auto same = by_fingerprint_.find(f.fingerprint);
    std::erase(same->second, article->arrival);
    if (same->second.empty()) by_fingerprint_.erase(same);
    by_arrival_.erase(article->arrival);
    by_id_.erase(article->id);
  }
  if (forgotten.empty()) return;
  for (const auto& [language, terms] : terms_by_language) {
    word_index_[language].Remove(forgotten, {terms.first.begin(), terms.first.end()});
    anchor_index_[language].Remove(forgotten, {terms.second.begin(), terms.second.end()});
  }
  for (const auto& article : articles_)
    if (old(article.get())) body_index_.Remove(article->arrival, article->features.body);
  articles_.erase(std::remove_if(articles_.begin(), articles_.end(), [&](const auto& a) { return old(a.get()); }),
                  articles_.end());
}

}  // namespace herald::story
