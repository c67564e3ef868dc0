#include "story/term_index.h"

#include <algorithm>

namespace herald::story {

void TermIndex::Add(uint64_t article, const TermCounts& terms) {
  for (const auto& [term, tf] : terms) postings_[term].push_back({article, static_cast<float>(tf)});
}

void TermIndex::Remove(const std::vector<uint64_t>& articles, const std::vector<std::string>& terms) {
  for (const std::string& term : terms) {
    auto it = postings_.find(term);
    if (it == postings_.end()) continue;
    auto& list = it->second;
    // Both in arrival order: one merge pass.
    auto gone = articles.begin();
    auto kept = list.begin();
    for (const Posting& p : list) {
      while (gone != articles.end() && *gone < p.article) ++gone;
      if (gone == articles.end() || *gone != p.article) *kept++ = p;
    }
    list.erase(kept, list.end());
    if (list.empty()) {
      postings_.erase(it);
    } else if (list.capacity() > 2 * list.size() + 16) {
      list.shrink_to_fit();  // a burst of articles on one term must not pin memory forever
    }
  }
}

const std::vector<TermIndex::Posting>* TermIndex::Find(const std::string& term) const {
  auto it = postings_.find(term);
  return it == postings_.end() ? nullptr : &it->second;
}

}  // namespace herald::story
