#include "story/minhash_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace herald::story {
namespace {

MinHashSignature Signature(uint64_t first, uint64_t count) {
  std::vector<uint64_t> shingles;
  for (uint64_t i = first; i < first + count; ++i) shingles.push_back(i * 0x9e3779b97f4a7c15ULL);
  std::sort(shingles.begin(), shingles.end());
  return ComputeMinHash(shingles);
}

size_t AgreeingPositions(const MinHashSignature& a, const MinHashSignature& b) {
  size_t n = 0;
  for (size_t i = 0; i < a.mins.size(); ++i) n += a.mins[i] == b.mins[i];
  return n;
}

TEST(MinHashIndex, CountsExactlyThePositionsWhereSignaturesAgree) {
  MinHashIndex index;
  std::vector<MinHashSignature> stored;
  for (uint64_t a = 0; a < 50; ++a) {
    stored.push_back(Signature(a * 40, 100));  // neighbours overlap by 60 shingles
    index.Add(a, stored.back());
  }
  MinHashSignature query = Signature(400, 100);
  std::map<uint64_t, int> expected;
  for (uint64_t a = 0; a < stored.size(); ++a)
    if (size_t n = AgreeingPositions(query, stored[a])) expected[a] = static_cast<int>(n);
  std::map<uint64_t, int> found;
  for (const auto& [article, agreeing] : index.Agreeing(query)) found[article] = agreeing;
  EXPECT_EQ(found, expected);
  EXPECT_EQ(found[10], kMinHashSize);  // the same set
}

TEST(MinHashIndex, ForgottenArticlesAreNeverCandidatesAgain) {
  MinHashIndex index;
  std::mt19937_64 rng(7);
  std::vector<MinHashSignature> stored;
  // Enough adds and removals to rebuild the table several times.
  for (uint64_t a = 0; a < 400; ++a) {
    stored.push_back(Signature(rng() % 100000, 50 + rng() % 200));
    index.Add(a, stored.back());
    if (a >= 100) index.Remove(a - 100, stored[a - 100]);
  }
  EXPECT_EQ(index.entries(), 100u * kMinHashSize);
  for (uint64_t a = 0; a < 300; ++a)
    for (const auto& [article, agreeing] : index.Agreeing(stored[a])) EXPECT_GE(article, 300u) << a;
  for (uint64_t a = 300; a < 400; ++a) {
    auto agreeing = index.Agreeing(stored[a]);
    auto self = std::find_if(agreeing.begin(), agreeing.end(), [&](const auto& e) { return e.first == a; });
    ASSERT_NE(self, agreeing.end());
    EXPECT_EQ(self->second, kMinHashSize);
  }
}

TEST(MinHashIndex, EmptySignaturesAndAnEmptyIndexFindNothing) {
  MinHashIndex index;
  EXPECT_TRUE(index.Agreeing(Signature(0, 10)).empty());
  index.Add(1, MinHashSignature{});
  index.Remove(2, Signature(0, 10));
  EXPECT_TRUE(index.Agreeing(MinHashSignature{}).empty());
  EXPECT_EQ(index.entries(), 0u);
}

}  // namespace
}  // namespace herald::story
