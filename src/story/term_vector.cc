#include "story/term_vector.h"

#include <algorithm>
#include <cmath>

namespace herald::story {
namespace {

double Norm(const TermCounts& counts, const DocumentFrequencies& df,
            const std::function<bool(const std::string&)>& keep) {
  double sum = 0;
  for (const auto& [term, tf] : counts) {
    if (!keep(term)) continue;
    double w = TfIdfWeight(tf, df.Idf(term));
    sum += w * w;
  }
  return std::sqrt(sum);
}

}  // namespace

double TfIdfWeight(double tf, double idf) { return tf > 0 ? (1 + std::log(tf)) * idf : 0; }

double TfIdfNorm(const TermCounts& counts, const DocumentFrequencies& df) {
  return Norm(counts, df, [](const std::string&) { return true; });
}

void CountTerms(const std::vector<std::string>& terms, double weight, TermCounts& counts) {
  for (const std::string& term : terms) counts.emplace_back(term, weight);
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  TermCounts merged;
  for (auto& entry : counts) {
    if (!merged.empty() && merged.back().first == entry.first) {
      merged.back().second += entry.second;
    } else {
      merged.push_back(std::move(entry));
    }
  }
  merged.shrink_to_fit();
  counts = std::move(merged);
}

void DocumentFrequencies::Add(const TermCounts& document) {
  ++documents_;
  for (const auto& entry : document) ++frequency_[entry.first];
}

void DocumentFrequencies::Remove(const TermCounts& document) {
  if (documents_ > 0) --documents_;
  for (const auto& entry : document) {
    auto it = frequency_.find(entry.first);
    if (it != frequency_.end() && --it->second == 0) frequency_.erase(it);
  }
}

double DocumentFrequencies::Idf(const std::string& term) const {
  auto it = frequency_.find(term);
  double df = it == frequency_.end() ? 0 : static_cast<double>(it->second);
  return std::max(0.0, std::log((static_cast<double>(documents_) + 1) / (df + 0.5)));
}

double TfIdfCosine(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df) {
  return TfIdfCosine(a, b, df, [](const std::string&) { return true; });
}

namespace {

// Calls visit(term, tf_a, tf_b) for each term in both sorted `a` and `b`.
template <typename Visit>
void ForEachShared(const TermCounts& a, const TermCounts& b, Visit visit) {
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    int order = i->first.compare(j->first);
    if (order < 0) {
      ++i;
    } else if (order > 0) {
      ++j;
    } else {
      visit(i->first, i->second, j->second);
      ++i;
      ++j;
    }
  }
}

double Dot(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df,
           const std::function<bool(const std::string&)>& keep) {
  double dot = 0;
  ForEachShared(a, b, [&](const std::string& term, double tf_a, double tf_b) {
    if (!keep(term)) return;
    double idf = df.Idf(term);
    dot += TfIdfWeight(tf_a, idf) * TfIdfWeight(tf_b, idf);
  });
  return dot;
}

}  // namespace

double TfIdfDot(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df) {
  return Dot(a, b, df, [](const std::string&) { return true; });
}

double TfIdfCosine(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df,
                   const std::function<bool(const std::string&)>& keep) {
  double dot = Dot(a, b, df, keep);
  if (dot <= 0) return 0;
  double norms = Norm(a, df, keep) * Norm(b, df, keep);
  return norms > 0 ? std::min(1.0, dot / norms) : 0;
}

size_t SharedTerms(const TermCounts& a, const TermCounts& b, const std::function<bool(const std::string&)>& keep) {
  size_t shared = 0;
  ForEachShared(a, b, [&](const std::string& term, double, double) { shared += keep(term); });
  return shared;
}

}  // namespace herald::story
