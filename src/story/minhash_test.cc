#include "story/minhash.h"

#include <gtest/gtest.h>

#include "common/segment.h"

namespace herald::story {
namespace {

std::vector<uint64_t> Shingles(std::string_view text, int k = 3) { return WordShingles(WordTokens(text), k); }

TEST(WordShingles, CountsDistinctRunsOfWords) {
  EXPECT_EQ(Shingles("a b c d e").size(), 3u);
  EXPECT_EQ(Shingles("a b c a b c").size(), 3u);  // "a b c" twice, "b c a", "c a b"
  EXPECT_EQ(Shingles("short text").size(), 1u);
  EXPECT_TRUE(Shingles("").empty());
  EXPECT_TRUE(Shingles(" ,;! ").empty());
}

TEST(WordShingles, WordBoundariesMatter) {
  // Same letters, different words: different shingles.
  EXPECT_NE(Shingles("ab c d", 3), Shingles("a bc d", 3));
}

TEST(WordShingles, ChineseIsSegmentedIntoWords) {
  // ICU's dictionary splits unspaced Chinese into several words.
  std::vector<uint64_t> zh = Shingles("超强台风在广东阳江登陆中心附近最大风力十六级");
  EXPECT_GT(zh.size(), 3u);
  // One changed word changes only the shingles that contain it.
  std::vector<uint64_t> edited = Shingles("超强台风在广东湛江登陆中心附近最大风力十六级");
  MinHashSignature a = ComputeMinHash(zh), b = ComputeMinHash(edited);
  EXPECT_GT(EstimateJaccard(a, b), 0.2);
  EXPECT_LT(EstimateJaccard(a, b), 1.0);
}

TEST(MinHash, IdenticalSetsAgreeDisjointSetsDoNot) {
  MinHashSignature a = ComputeMinHash(Shingles("the storm made landfall near the city on wednesday afternoon"));
  MinHashSignature b = ComputeMinHash(Shingles("the storm made landfall near the city on wednesday afternoon"));
  MinHashSignature c = ComputeMinHash(Shingles("parliament passed the budget after a long night of debate"));
  EXPECT_DOUBLE_EQ(EstimateJaccard(a, b), 1.0);
  EXPECT_LT(EstimateJaccard(a, c), 0.1);
  EXPECT_DOUBLE_EQ(EstimateJaccard(a, MinHashSignature{}), 0.0);
}

TEST(MinHash, ContainmentSeesACutCopy) {
  std::string original;
  for (int i = 0; i < 40; ++i) original += "paragraph " + std::to_string(i) + " tells one more fact about the storm. ";
  std::string cut = original.substr(0, original.size() / 2);
  MinHashSignature a = ComputeMinHash(Shingles(original)), b = ComputeMinHash(Shingles(cut));
  EXPECT_LT(EstimateJaccard(a, b), 0.7);
  EXPECT_GT(EstimateContainment(a, b), 0.8);
}

}  // namespace
}  // namespace herald::story
