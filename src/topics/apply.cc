#include "topics/apply.h"

#include <algorithm>
#include <set>

namespace herald::topics {
namespace {

int KnownWordCount(int stored) { return stored > 0 ? stored : -1; }

bool NamesSources(const TopicMatcher& matcher) {
  return std::any_of(matcher.rules().begin(), matcher.rules().end(),
                     [](const TopicRule& r) { return !r.sources.empty(); });
}

StoredPass TopicsPass(store::Store& store, const TopicMatcher& matcher, ApplyReport& report) {
  auto write_batch = [store = &store, matcher = &matcher,
                      report = &report](const std::vector<store::ArticleForRules>& batch) -> Status {
    std::vector<store::ArticleTopics> memberships;
    memberships.reserve(batch.size());
    for (const store::ArticleForRules& a : batch) {
      memberships.push_back({a.id, matcher->Match(RuleTextOf(a))});
      const std::vector<std::string>& now = memberships.back().topics;
      report->memberships += static_cast<int64_t>(now.size());
      // Read for the report only: the store skips unchanged rows itself.
      auto before = store->TopicsOfArticle(a.id);
      if (!before.ok()) return before.error();
      if (std::set<std::string>(before->begin(), before->end()) != std::set<std::string>(now.begin(), now.end()))
        ++report->changed;
    }
    return store->SetArticleTopics(memberships);
  };
  return {kFingerprintKey, matcher.fingerprint(), std::move(write_batch)};
}

}  // namespace

Result<int64_t> RunStoredPass(store::Store& store, const StoredPass& pass, int batch_size, const Progress& progress) {
  batch_size = std::max(1, batch_size);
  int64_t done = 0;
  for (int64_t after = 0;;) {
    auto batch = store.ArticlesForRules(after, batch_size);
    if (!batch.ok()) return batch.error();
    if (batch->empty()) break;
    if (Status written = pass.write_batch(*batch); !written.ok()) return written.error();
    done += static_cast<int64_t>(batch->size());
    after = batch->back().id;
    if (progress) progress(done);
  }
  if (Status saved = store.SetMeta(pass.fingerprint_key, pass.fingerprint); !saved.ok()) return saved.error();
  return done;
}

Result<bool> FingerprintIsStale(store::Store& store, const std::string& key, const std::string& fingerprint) {
  auto stored = store.GetMeta(key);
  if (!stored.ok()) return stored.error();
  return *stored != fingerprint;
}

ArticleText RuleTextOf(const store::ArticleForRules& a) {
  return ArticleText{a.title, a.text, a.language, a.source_id, a.source_name, KnownWordCount(a.word_count)};
}

ArticleText RuleTextOf(const store::Article& a) {
  return ArticleText{a.title, a.text, a.language, a.source_id, "", KnownWordCount(a.word_count)};
}

Result<ApplyReport> ApplyTopics(store::Store& store, const TopicMatcher& matcher, int batch_size,
                                const Progress& progress) {
  ApplyReport report;
  report.recomputed = true;
  auto articles = RunStoredPass(store, TopicsPass(store, matcher, report), batch_size, progress);
  if (!articles.ok()) return articles.error();
  report.articles = *articles;
  return report;
}

Result<ApplyReport> ApplyTopicsIfChanged(store::Store& store, const TopicMatcher& matcher, int batch_size) {
  auto stale = FingerprintIsStale(store, kFingerprintKey, matcher.fingerprint());
  if (!stale.ok()) return stale.error();
  if (!*stale) return ApplyReport{};
  return ApplyTopics(store, matcher, batch_size);
}

Status ApplyTopicsToArticle(store::Store& store, const TopicMatcher& matcher, const store::Article& article) {
  if (matcher.rules().empty()) return Status::Ok();
  ArticleText text = RuleTextOf(article);
  if (NamesSources(matcher)) {
    auto source = store.GetSource(article.source_id);
    if (!source.ok()) return source.status();
    if (*source) text.source_name = (*source)->name;
  }
  return store.SetArticleTopics({{article.id, matcher.Match(text)}});
}

}  // namespace herald::topics
