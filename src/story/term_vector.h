// Bags of terms weighted by TF-IDF, with document frequencies learned as
// articles arrive (no corpus to prepare, no full recomputation).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace herald::story {

// Terms with their counts, sorted by term, each term once. A sorted vector
// rather than a hash map: an engine remembers tens of thousands of these, and
// two of them compare by one merge pass.
using TermCounts = std::vector<std::pair<std::string, double>>;

// Counts each term of `terms` with `weight`, into `counts` (kept sorted).
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

// The TF-IDF weight of a term counted `tf` times (sublinear: (1 + log tf) idf).
double TfIdfWeight(double tf, double idf);

// Euclidean norm of the TF-IDF vector of `counts`.
double TfIdfNorm(const TermCounts& counts, const DocumentFrequencies& df);

// Dot product of the TF-IDF vectors of `a` and `b` (the cosine's numerator:
// callers that compare one vector with many keep its norm).
double TfIdfDot(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df);

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
