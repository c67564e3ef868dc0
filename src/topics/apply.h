// Applying rules to stored articles: the topic membership the store keeps
// (Store::SetArticleTopics) and the site focus (Store::SetOutOfFocus,
// topics/focus_apply.h) follow the rules of the config in force.
//
// Contract: results are kept together with the fingerprint of the rules
// that computed them (store meta, e.g. "topics.fingerprint"). At start-up
// ApplyTopicsIfChanged recomputes every stored article when the rules
// differ from the stored fingerprint, in batches, and records the new
// fingerprint only after the last batch: a crash midway leaves the old
// fingerprint, so the next start does the whole pass again. Articles stored
// later get their topics from ApplyTopicsToArticle (ingest calls it).
// `herald reprocess` runs the full passes whatever the fingerprint says.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/store.h"
#include "topics/matcher.h"

namespace herald::topics {

inline constexpr char kFingerprintKey[] = "topics.fingerprint";

// ---- The pass every rule set shares ----

// Called after each batch with the number of articles done so far.
using Progress = std::function<void(int64_t articles_done)>;

// One rule set's pass over every stored article.
struct StoredPass {
  std::string fingerprint_key;   // store meta key
  std::string fingerprint;       // of the rules applied
  // Computes and writes one batch (id order); fails the pass on error.
  std::function<Status(const std::vector<store::ArticleForRules>&)> write_batch;
};

// Runs `pass` over every stored article (hidden ones too), batch_size per
// batch, then stores its fingerprint. Returns the number of articles.
Result<int64_t> RunStoredPass(store::Store& store, const StoredPass& pass, int batch_size,
                              const Progress& progress = {});

// Whether the fingerprint stored under `key` differs from `fingerprint`.
Result<bool> FingerprintIsStale(store::Store& store, const std::string& key, const std::string& fingerprint);

// What rules read of an article, stored or just stored. A stored count of
// 0 may just be unknown (feed-only articles): it is counted then.
ArticleText RuleTextOf(const store::ArticleForRules& article);
ArticleText RuleTextOf(const store::Article& article);

// ---- Topics ----

struct ApplyReport {
  bool recomputed = false;    // false: the stored memberships were current
  int64_t articles = 0;       // articles matched again
  int64_t memberships = 0;    // (article, topic) pairs written
  int64_t changed = 0;        // articles whose set of topics changed
};

// Recomputes every stored article's topics, batch_size articles per
// transaction, then stores the matcher's fingerprint.
Result<ApplyReport> ApplyTopics(store::Store& store, const TopicMatcher& matcher, int batch_size = 500,
                                const Progress& progress = {});

// ApplyTopics when the stored fingerprint differs from the matcher's.
Result<ApplyReport> ApplyTopicsIfChanged(store::Store& store, const TopicMatcher& matcher, int batch_size = 500);

// Computes and stores one article's topics (article.id must be set, as
// PutArticle leaves it). Reads the source's name only when a rule names sources.
Status ApplyTopicsToArticle(store::Store& store, const TopicMatcher& matcher, const store::Article& article);

}  // namespace herald::topics
