// Near-duplicate text detection by MinHash over word shingles. Words come from
// ICU segmentation (common/segment.h), so Chinese and Japanese text, written
// without spaces, shingles as well as English.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace herald::story {

// Hashes of the distinct runs of `shingle_words` consecutive words (from
// WordTokens) (fewer words than that yield one shingle of all of them; no
// words, none). Sorted, no repeats. The hash is fixed (not std::hash), so
// signatures stored today compare with those computed after an upgrade.
std::vector<uint64_t> WordShingles(const std::vector<std::string>& words, int shingle_words);

// A MinHash signature: for each of `kMinHashSize` fixed hash functions, the
// least hash over the shingles. Two signatures agree at a position with
// probability equal to the Jaccard similarity of the two shingle sets.
inline constexpr int kMinHashSize = 128;
struct MinHashSignature {
  std::vector<uint64_t> mins;  // kMinHashSize values, or empty for no shingles
  size_t shingle_count = 0;    // size of the set it summarizes
};

MinHashSignature ComputeMinHash(const std::vector<uint64_t>& shingles);

// Estimated Jaccard similarity |A ∩ B| / |A ∪ B|; 0 when either is empty.
double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b);

// Estimated containment of the smaller set in the larger, |A ∩ B| / min(|A|,
// |B|), from the Jaccard estimate and the set sizes. A syndicated copy cut
// to two paragraphs has a low Jaccard similarity with its original but a
// containment near 1.
double EstimateContainment(const MinHashSignature& a, const MinHashSignature& b);

// The same from the number of agreeing signature positions (out of
// kMinHashSize) and the two set sizes.
double ContainmentFromAgreement(size_t agreeing, size_t a_count, size_t b_count);

}  // namespace herald::story
