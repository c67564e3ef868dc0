#include "story/term_index.h"

#include <gtest/gtest.h>

namespace herald::story {
namespace {

TermCounts Counts(std::vector<std::string> terms) {
  TermCounts counts;
  CountTerms(terms, 1, counts);
  return counts;
}

std::vector<uint64_t> Articles(const TermIndex& index, const std::string& term) {
  std::vector<uint64_t> out;
  if (const auto* postings = index.Find(term))
    for (const auto& p : *postings) out.push_back(p.article);
  return out;
}

TEST(TermIndex, FindsArticlesByTermWithTheirCounts) {
  TermIndex index;
  index.Add(1, Counts({"typhoon", "peilan", "typhoon"}));
  index.Add(2, Counts({"typhoon", "budget"}));
  EXPECT_EQ(Articles(index, "typhoon"), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(Articles(index, "budget"), (std::vector<uint64_t>{2}));
  EXPECT_EQ(index.Find("never"), nullptr);
  EXPECT_FLOAT_EQ(index.Find("typhoon")->front().tf, 2);
}

TEST(TermIndex, RemovedArticlesAreNoLongerFoundAndEmptyTermsGo) {
  TermIndex index;
  index.Add(1, Counts({"typhoon", "peilan"}));
  index.Add(2, Counts({"typhoon", "budget"}));
  index.Add(3, Counts({"typhoon"}));
  index.Remove({1, 2}, {"typhoon", "peilan", "budget"});
  EXPECT_EQ(Articles(index, "typhoon"), (std::vector<uint64_t>{3}));
  EXPECT_EQ(index.Find("peilan"), nullptr);
  EXPECT_EQ(index.Find("budget"), nullptr);
  EXPECT_EQ(index.terms(), 1u);
  index.Remove({9}, {"typhoon", "unknown"});  // not indexed: nothing happens
  EXPECT_EQ(Articles(index, "typhoon"), (std::vector<uint64_t>{3}));
}

}  // namespace
}  // namespace herald::story
