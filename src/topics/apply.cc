#include "topics/apply.h"

#include <algorithm>

namespace herald::topics {
namespace {

// A stored count of 0 may just be unknown (feed-only articles): count then.
int KnownWordCount(int stored) { return stored > 0 ? stored : -1; }

ArticleText TextOf(const store::ArticleForRules& a) {
  return ArticleText{a.title, a.text, a.language, a.source_id, a.source_name, KnownWordCount(a.word_count)};
}

bool NamesSources(const TopicMatcher& matcher) {
  return std::any_of(matcher.rules().begin(), matcher.rules().end(),
                     [](const TopicRule& r) { return !r.sources.empty(); });
}

}  // namespace

Result<ApplyReport> ApplyTopics(store::Store& store, const TopicMatcher& matcher, int batch_size) {
  ApplyReport report;
  report.recomputed = true;
  batch_size = std::max(1, batch_size);
  for (int64_t after = 0;;) {
    auto batch = store.ArticlesForRules(after, batch_size);
    if (!batch.ok()) return batch.error();
    if (batch->empty()) break;
    std::vector<store::ArticleTopics> memberships;
    memberships.reserve(batch->size());
    for (const store::ArticleForRules& a : *batch) {
      memberships.push_back({a.id, matcher.Match(TextOf(a))});
      report.memberships += static_cast<int64_t>(memberships.back().topics.size());
    }
    if (Status written = store.SetArticleTopics(memberships); !written.ok()) return written.error();
    report.articles += static_cast<int64_t>(batch->size());
    after = batch->back().id;
  }
  if (Status saved = store.SetMeta(kFingerprintKey, matcher.fingerprint()); !saved.ok()) return saved.error();
  return report;
}

Result<ApplyReport> ApplyTopicsIfChanged(store::Store& store, const TopicMatcher& matcher, int batch_size) {
  auto stored = store.GetMeta(kFingerprintKey);
  if (!stored.ok()) return stored.error();
  if (*stored == matcher.fingerprint()) return ApplyReport{};
  return ApplyTopics(store, matcher, batch_size);
}

Status ApplyTopicsToArticle(store::Store& store, const TopicMatcher& matcher, const store::Article& article) {
  if (matcher.rules().empty()) return Status::Ok();
  ArticleText text{article.title, article.text, article.language, article.source_id, "",
                   KnownWordCount(article.word_count)};
  if (NamesSources(matcher)) {
    auto source = store.GetSource(article.source_id);
    if (!source.ok()) return source.status();
    if (*source) text.source_name = (*source)->name;
  }
  return store.SetArticleTopics({{article.id, matcher.Match(text)}});
}

}  // namespace herald::topics
