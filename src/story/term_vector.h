// Bags of terms weighted by TF-IDF, with document frequencies learned as
// articles arrive (no corpus to prepare, no full recomputation).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace herald::story {

using TermCounts = std::unordered_map<std::string, double>;

// Counts each term of `terms` with `weight`, into `counts`.
void CountTerms(const std::vector<std::string>& terms, double weight, TermCounts& counts);

// How many documents contain each term. Idf grows as a term gets rarer.
class DocumentFrequencies {
 public:
  void Add(const TermCounts& document);
  void Remove(const TermCounts& document);
  // log((N + 1) / (df + 0.5)), at least 0; a term never seen counts as df 0.
  double Idf(const std::string& term) const;
  bool Contains(const std::string& term) const { return frequency_.count(term) > 0; }
  size_t documents() const { return documents_; }

 private:
  std::unordered_map<std::string, size_t> frequency_;
  size_t documents_ = 0;
};

// Cosine of the TF-IDF vectors of `a` and `b` (sublinear tf: 1 + log tf), in
// [0, 1]; 0 when either is empty.
double TfIdfCosine(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df);

// The same over the terms `keep` accepts only (both vectors and norms): e.g.
// across languages, the terms that occur in both.
double TfIdfCosine(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df,
                   const std::function<bool(const std::string&)>& keep);

// How many terms `a` and `b` share among those `keep` accepts.
size_t SharedTerms(const TermCounts& a, const TermCounts& b, const std::function<bool(const std::string&)>& keep);

}  // namespace herald::story
