// story/engine.h: the story layer's contract. Articles go in one at a time as
// they are ingested; each comes out with the story it belongs to and, when it
// is a syndicated copy, the article it copies.
//
//   StoryEngine engine;
//   for (const ArticleInput& a : new_articles) {
//     Result<Assignment> r = engine.Add(a);        // store r->story_id, r->duplicate_of
//     for (int64_t gone : r->absorbed_story_ids)   // store a redirect gone -> r->story_id
//   }
//
// Stories. A story is one event and its developments within about a week
// (EngineOptions::story_window_seconds from the story's first article). An
// article joins the most similar open story or starts a new one; nothing
// already assigned is recomputed. Similarity to a story is the best
// similarity to one of its articles: within a language, TF-IDF cosine of
// title and body words; across languages, TF-IDF cosine of anchors (names
// romanized, places, numbers, dates; see anchors.h) restricted to anchors the
// engine has seen in both languages, and only when at least
// min_shared_anchors are shared. Document frequencies are learned online
// (for words, per language: "der" is common in German however rare German
// articles are). A syndicated copy always joins its original's story.
//
// Scale. An article is not compared with every remembered article. Copies
// are looked up in a MinHash index that misses none; story members through
// inverted indexes of words (per language) and anchors, reading only the
// postings of terms that can matter, then comparing in full the best-scored
// candidates (EngineOptions::same_language_candidates and friends) and all
// members of their stories. On stories-dev this decides exactly as comparing
// everything (EngineOptions::exhaustive); the cost of one Add barely grows
// with the number of articles remembered (bench/story_bench.sh).
//
// Ids. Story ids are positive, assigned in increasing order, and never change
// once returned. When one article links two open stories, the younger story
// is absorbed: its id is listed in Assignment::absorbed_story_ids and from then
// on ResolveStory(absorbed) returns the survivor (the caller keeps showing the
// old id as a redirect). The engine never renumbers a story otherwise.
//
// Duplicates. duplicate_of names the group's representative: the first
// article of the group the engine saw (the earliest, when articles arrive in
// publication order). Copies of copies name the representative too.
//
// Restart. The engine's state is rebuilt by Restore()-ing stored articles
// with their stored assignments (oldest first, at least the last
// EngineOptions::memory_seconds), then RestoreRedirect()-ing stored merges;
// Add() then continues exactly as if the engine had never stopped.
//
// Not thread-safe: one engine, one caller at a time. Deterministic: the same
// articles in the same order give the same assignments.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "story/duplicates.h"
#include "story/minhash_index.h"
#include "story/term_index.h"

namespace herald::story {

struct ArticleInput {
  std::string id;             // the caller's id, unique (the store's article id as text)
  std::string source;         // publisher name; "" when unknown
  int64_t published_utc = 0;  // seconds since the epoch
  std::string language;       // "en", "zh", ...; "" to guess from the script
  std::string title;
  std::string text;           // plain text, paragraphs separated by blank lines
};

struct Assignment {
  int64_t story_id = 0;
  std::optional<std::string> duplicate_of;   // representative's id, when a copy
  std::vector<int64_t> absorbed_story_ids;   // stories merged into story_id now
};

struct EngineOptions {
  // An article can join a story whose first article is at most this much
  // older (or newer: articles may arrive late).
  int64_t story_window_seconds = 7 * 86400;
  // Copies are looked for among articles at most this far apart in time.
  int64_t duplicate_window_seconds = 7 * 86400;
  // Articles older than the newest seen minus this are forgotten (memory
  // stays bounded; they can no longer gain copies or story members).
  int64_t memory_seconds = 10 * 86400;
  // Join thresholds: best similarity to a story's member articles.
  double same_language_threshold = 0.22;
  double cross_language_threshold = 0.45;
  // Across languages, fewer shared anchors than this is no evidence at all.
  size_t min_shared_anchors = 5;
  // A second story the article links to is merged into the first only when
  // the link is this many times the join threshold (merging is final).
  double merge_strength = 2.0;
  DuplicateOptions duplicates;
  // Candidate retrieval (see engine.cc): an article is compared in full only
  // with this many remembered articles of its language, the best by shared
  // informative words, and this many of other languages, the best by shared
  // anchors. Copies are found through a MinHash index that misses none.
  size_t same_language_candidates = 64;
  size_t cross_language_candidates = 32;
  // Terms found in more remembered articles than this are not looked up
  // (they tell stories apart least and would cost the most): the cost of a
  // lookup stays flat however many articles the engine remembers.
  size_t max_postings_per_term = 1500;
  // Compare with every remembered article instead (quadratic; for tests
  // that check the indexes change nothing).
  bool exhaustive = false;
};

class StoryEngine {
 public:
  explicit StoryEngine(EngineOptions options = {});
  ~StoryEngine();
  StoryEngine(const StoryEngine&) = delete;
  StoryEngine& operator=(const StoryEngine&) = delete;

  // Assigns `article` a story (and a duplicate representative when it is a
  // copy) and remembers it. kInvalidInput for an empty or already-added id.
  Result<Assignment> Add(const ArticleInput& article);

  // Remembers an article with an assignment made earlier (by Add, before a
  // restart) without deciding anything. kInvalidInput for an empty or
  // already-known id or a story id <= 0.
  Status Restore(const ArticleInput& article, const Assignment& stored);

  // Records that story `absorbed` was merged into `survivor` (as reported by
  // an earlier Add's absorbed_story_ids).
  void RestoreRedirect(int64_t absorbed, int64_t survivor);

  // The surviving story for `story_id` (itself unless it was absorbed).
  int64_t ResolveStory(int64_t story_id) const;

  // Articles currently remembered (within memory_seconds of the newest).
  size_t remembered_articles() const;

 private:
  struct Remembered;
  struct OpenStory;

  // Similarity of the article being added, `a` (its word_norm current), to
  // a remembered article for story membership; 1 or more links them.
  double StorySimilarity(const Remembered& a, const Remembered& b) const;
  // The remembered article that `article` copies most closely, or null.
  const Remembered* FindCopied(const Remembered& article) const;
  // Remembered articles that may link `article` to their story.
  std::vector<const Remembered*> StoryCandidates(const Remembered& article) const;
  std::vector<const Remembered*> SameLanguageCandidates(const Remembered& article) const;
  std::vector<const Remembered*> CrossLanguageCandidates(const Remembered& article) const;
  void CountFrequencies(const ArticleFeatures& features);
  void Remember(std::unique_ptr<Remembered> article, int64_t story_id);
  void Forget(int64_t older_than_utc);

  EngineOptions options_;
  std::vector<std::unique_ptr<Remembered>> articles_;  // in arrival order
  std::unordered_map<std::string, const Remembered*> by_id_;
  std::unordered_map<uint64_t, const Remembered*> by_arrival_;
  std::map<std::string, TermIndex> word_index_;    // by language
  std::map<std::string, TermIndex> anchor_index_;  // by language
  MinHashIndex body_index_;
  std::unordered_map<std::string, std::vector<uint64_t>> by_fingerprint_;
  uint64_t next_arrival_ = 0;
  std::map<int64_t, OpenStory> stories_;
  std::map<int64_t, int64_t> redirects_;  // absorbed -> survivor
  std::map<std::string, DocumentFrequencies> words_by_language_;
  DocumentFrequencies anchor_frequencies_;
  std::map<std::string, DocumentFrequencies> anchors_by_language_;
  int64_t next_story_id_ = 1;
  int64_t newest_utc_ = 0;
};

}  // namespace herald::story
