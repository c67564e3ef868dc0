#include "story/duplicates.h"

namespace herald::story {
namespace {

// Walks two sorted lists of numbers in context and counts, over contexts found
// in both, pairs with equal and with different numbers. A context holding
// several numbers agrees when any number matches.
void CountNumberAgreement(const std::vector<NumberInContext>& a, const std::vector<NumberInContext>& b,
                          DuplicateVerdict& verdict) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].context < b[j].context) {
      ++i;
    } else if (b[j].context < a[i].context) {
      ++j;
    } else {
      uint64_t context = a[i].context;
      size_t a_end = i, b_end = j;
      while (a_end < a.size() && a[a_end].context == context) ++a_end;
      while (b_end < b.size() && b[b_end].context == context) ++b_end;
      bool agree = false;
      for (size_t x = i; x < a_end; ++x)
        for (size_t y = j; y < b_end; ++y) agree = agree || a[x].number == b[y].number;
      ++(agree ? verdict.numbers_agreeing : verdict.numbers_disagreeing);
      i = a_end;
      j = b_end;
    }
  }
}

}  // namespace

DuplicateVerdict CompareForDuplicate(const ArticleFeatures& a, const ArticleFeatures& b,
                                     const DuplicateOptions& options) {
  DuplicateVerdict verdict;
  if (a.language != b.language) return verdict;
  if (a.fingerprint == b.fingerprint && a.body.shingle_count > 0) {
    verdict.containment = 1;
    verdict.duplicate = true;
    return verdict;
  }
  verdict.containment = EstimateContainment(a.body, b.body);
  if (verdict.containment < options.min_containment) return verdict;
  CountNumberAgreement(a.numbers, b.numbers, verdict);
  int compared = verdict.numbers_agreeing + verdict.numbers_disagreeing;
  double disagreement = compared > 0 ? static_cast<double>(verdict.numbers_disagreeing) / compared : 0;
  verdict.duplicate = disagreement <= options.max_number_disagreement;
  return verdict;
}

}  // namespace herald::story
