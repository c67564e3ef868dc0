#include "topics/focus_apply.h"

#include <utility>
#include <vector>

namespace herald::topics {

Result<FocusReport> ApplyFocus(store::Store& store, const FocusMatcher& matcher, int batch_size,
                               const Progress& progress) {
  FocusReport report;
  report.recomputed = true;
  StoredPass pass{kFocusFingerprintKey, matcher.fingerprint(),
                  [&](const std::vector<store::ArticleForRules>& batch) -> Status {
                    std::vector<std::pair<int64_t, bool>> changes;
                    for (const store::ArticleForRules& a : batch) {
                      const bool out = !matcher.InFocus(RuleTextOf(a), a.url);
                      if (out) ++report.out_of_focus;
                      if (out != a.out_of_focus) changes.emplace_back(a.id, out);
                    }
                    report.changed += static_cast<int64_t>(changes.size());
                    return store.SetOutOfFocus(changes);
                  }};
  auto articles = RunStoredPass(store, pass, batch_size, progress);
  if (!articles.ok()) return articles.error();
  report.articles = *articles;
  return report;
}

Result<FocusReport> ApplyFocusIfChanged(store::Store& store, const FocusMatcher& matcher, int batch_size) {
  auto stale = FingerprintIsStale(store, kFocusFingerprintKey, matcher.fingerprint());
  if (!stale.ok()) return stale.error();
  if (!*stale) return FocusReport{};
  return ApplyFocus(store, matcher, batch_size);
}

Status ApplyFocusToArticle(store::Store& store, const FocusMatcher& matcher, const store::Article& article) {
  // Refetching keeps the stored flag (PutArticle leaves it): write it either way.
  return store.SetOutOfFocus({{article.id, !matcher.InFocus(RuleTextOf(article), article.url)}});
}

}  // namespace herald::topics
