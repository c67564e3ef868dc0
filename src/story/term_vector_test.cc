#include "story/term_vector.h"

#include <gtest/gtest.h>

namespace herald::story {
namespace {

TermCounts Counts(std::vector<std::string> terms) {
  TermCounts counts;
  CountTerms(terms, 1, counts);
  return counts;
}

TEST(CountTerms, KeepsTermsSortedAndCountsRepeatsOnce) {
  TermCounts counts;
  CountTerms({"storm", "coast", "storm"}, 2, counts);
  CountTerms({"rain", "storm"}, 1, counts);
  TermCounts expected = {{"coast", 2}, {"rain", 1}, {"storm", 5}};
  EXPECT_EQ(counts, expected);
}

TEST(DocumentFrequencies, RareTermsWeighMoreAndRemovalUndoesAdd) {
  DocumentFrequencies df;
  df.Add(Counts({"the", "typhoon"}));
  df.Add(Counts({"the", "budget"}));
  df.Add(Counts({"the", "orchid"}));
  EXPECT_GT(df.Idf("typhoon"), df.Idf("the"));
  EXPECT_GT(df.Idf("never-seen"), df.Idf("typhoon"));
  EXPECT_TRUE(df.Contains("budget"));
  df.Remove(Counts({"the", "budget"}));
  EXPECT_FALSE(df.Contains("budget"));
  EXPECT_EQ(df.documents(), 2u);
}

TEST(TfIdfCosine, IdenticalDisjointAndEmpty) {
  DocumentFrequencies df;
  TermCounts a = Counts({"typhoon", "peilan", "guangdong"}), b = Counts({"budget", "parliament"});
  df.Add(a);
  df.Add(b);
  df.Add(Counts({"orchid"}));
  EXPECT_NEAR(TfIdfCosine(a, a, df), 1.0, 1e-9);
  EXPECT_EQ(TfIdfCosine(a, b, df), 0.0);
  EXPECT_EQ(TfIdfCosine(a, TermCounts{}, df), 0.0);
}

TEST(TfIdfCosine, KeepRestrictsVectorsAndNorms) {
  DocumentFrequencies df;
  TermCounts zh = Counts({"peilan", "yangjiang", "denglu", "taifeng"});
  TermCounts en = Counts({"peilan", "yangjiang", "landfall", "storm"});
  df.Add(zh);
  df.Add(en);
  df.Add(Counts({"other"}));
  auto names = [](const std::string& t) { return t == "peilan" || t == "yangjiang"; };
  EXPECT_LT(TfIdfCosine(zh, en, df), 0.6);
  EXPECT_NEAR(TfIdfCosine(zh, en, df, names), 1.0, 1e-9);
  EXPECT_EQ(SharedTerms(zh, en, names), 2u);
  EXPECT_EQ(SharedTerms(zh, en, [](const std::string&) { return false; }), 0u);
}

}  // namespace
}  // namespace herald::story
