// An inverted index from terms to the remembered articles that contain them,
// so the engine compares a new article only with articles that share its
// informative terms instead of with every article it remembers.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "story/term_vector.h"

namespace herald::story {

class TermIndex {
 public:
  struct Posting {
    uint64_t article = 0;  // the engine's arrival number (postings keep arrival order)
    float tf = 0;          // the term's count in that article
  };

  // Indexes every term of `terms` for `article`.
  void Add(uint64_t article, const TermCounts& terms);

  // Drops `articles` (sorted, each once) from the postings of `terms`, the
  // union of their terms. Cost: one merge pass over those postings.
  void Remove(const std::vector<uint64_t>& articles, const std::vector<std::string>& terms);

  // The postings of `term` (arrival order), or null when no article has it.
  const std::vector<Posting>* Find(const std::string& term) const;

  size_t terms() const { return postings_.size(); }

 private:
  std::unordered_map<std::string, std::vector<Posting>> postings_;
};

}  // namespace herald::story
