#include "story/term_vector.h"

#include <algorithm>
#include <cmath>

namespace herald::story {
namespace {

double Weight(double tf, double idf) { return tf > 0 ? (1 + std::log(tf)) * idf : 0; }

double Norm(const TermCounts& counts, const DocumentFrequencies& df,
            const std::function<bool(const std::string&)>& keep) {
  double sum = 0;
  for (const auto& [term, tf] : counts) {
    if (!keep(term)) continue;
    double w = Weight(tf, df.Idf(term));
    sum += w * w;
  }
  return std::sqrt(sum);
}

}  // namespace

void CountTerms(const std::vector<std::string>& terms, double weight, TermCounts& counts) {
  for (const std::string& term : terms) counts[term] += weight;
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

double TfIdfCosine(const TermCounts& a, const TermCounts& b, const DocumentFrequencies& df,
                   const std::function<bool(const std::string&)>& keep) {
  const TermCounts& small = a.size() <= b.size() ? a : b;
  const TermCounts& large = a.size() <= b.size() ? b : a;
  double dot = 0;
  for (const auto& [term, tf] : small) {
    auto it = large.find(term);
    if (it == large.end() || !keep(term)) continue;
    double idf = df.Idf(term);
    dot += Weight(tf, idf) * Weight(it->second, idf);
  }
  if (dot <= 0) return 0;
  double norms = Norm(a, df, keep) * Norm(b, df, keep);
  return norms > 0 ? std::min(1.0, dot / norms) : 0;
}

size_t SharedTerms(const TermCounts& a, const TermCounts& b, const std::function<bool(const std::string&)>& keep) {
  const TermCounts& small = a.size() <= b.size() ? a : b;
  const TermCounts& large = a.size() <= b.size() ? b : a;
  size_t shared = 0;
  for (const auto& entry : small) shared += large.count(entry.first) > 0 && keep(entry.first);
  return shared;
}

}  // namespace herald::story
