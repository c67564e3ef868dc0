// Applying topic rules to stored articles: the membership the store keeps
// (Store::SetArticleTopics) follows the rules of the config in force.
//
// Contract: memberships are kept together with the fingerprint of the rules
// that computed them (store meta "topics.fingerprint"). At start-up
// ApplyTopicsIfChanged recomputes every stored article when the rules
// differ from the stored fingerprint, in batches, and records the new
// fingerprint only after the last batch: a crash midway leaves the old
// fingerprint, so the next start does the whole pass again. Articles stored
// later get their topics from ApplyTopicsToArticle (ingest calls it). The
// same pass is what `herald reprocess` will run for site focus rules.
#pragma once

#include <cstdint>

#include "common/result.h"
#include "store/store.h"
#include "topics/matcher.h"

namespace herald::topics {

inline constexpr char kFingerprintKey[] = "topics.fingerprint";

struct ApplyReport {
  bool recomputed = false;    // false: the stored memberships were current
  int64_t articles = 0;       // articles matched again
  int64_t memberships = 0;    // (article, topic) pairs written
};

// Recomputes every stored article's topics, batch_size articles per
// transaction, then stores the matcher's fingerprint.
Result<ApplyReport> ApplyTopics(store::Store& store, const TopicMatcher& matcher, int batch_size = 500);

// ApplyTopics when the stored fingerprint differs from the matcher's.
Result<ApplyReport> ApplyTopicsIfChanged(store::Store& store, const TopicMatcher& matcher, int batch_size = 500);

// Computes and stores one article's topics (article.id must be set, as
// PutArticle leaves it). Reads the source's name only when a rule names sources.
Status ApplyTopicsToArticle(store::Store& store, const TopicMatcher& matcher, const store::Article& article);

}  // namespace herald::topics
