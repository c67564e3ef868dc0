#include "story/minhash.h"

#include <algorithm>
#include <limits>


namespace herald::story {
namespace {

// SplitMix64 finalizer: a fast, well-mixed, fixed 64-bit hash step.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over the bytes, then mixed.
uint64_t HashBytes(std::string_view bytes, uint64_t h) {
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
  return Mix(h);
}

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

}  // namespace

std::vector<uint64_t> WordShingles(const std::vector<std::string>& words, int shingle_words) {
  std::vector<uint64_t> shingles;
  if (words.empty()) return shingles;
  size_t k = static_cast<size_t>(std::max(1, shingle_words));
  size_t count = words.size() >= k ? words.size() - k + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    uint64_t h = kFnvOffset;
    for (size_t j = i; j < std::min(i + k, words.size()); ++j) h = HashBytes(words[j], h) ^ 0x1f;  // word boundary
    shingles.push_back(h);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

MinHashSignature ComputeMinHash(const std::vector<uint64_t>& shingles) {
  MinHashSignature signature;
  signature.shingle_count = shingles.size();
  if (shingles.empty()) return signature;
  signature.mins.assign(kMinHashSize, std::numeric_limits<uint64_t>::max());
  for (uint64_t shingle : shingles) {
    for (int i = 0; i < kMinHashSize; ++i) {
      uint64_t h = Mix(shingle ^ Mix(static_cast<uint64_t>(i) + 1));
      signature.mins[i] = std::min(signature.mins[i], h);
    }
  }
  return signature;
}

namespace {

// Positions where two signatures agree; 0 when either is empty.
size_t AgreeingPositions(const MinHashSignature& a, const MinHashSignature& b) {
  if (a.mins.empty() || b.mins.empty() || a.mins.size() != b.mins.size()) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < a.mins.size(); ++i) equal += a.mins[i] == b.mins[i];
  return equal;
}

}  // namespace

double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b) {
  return static_cast<double>(AgreeingPositions(a, b)) / kMinHashSize;
}

double EstimateContainment(const MinHashSignature& a, const MinHashSignature& b) {
  return ContainmentFromAgreement(AgreeingPositions(a, b), a.shingle_count, b.shingle_count);
}

double ContainmentFromAgreement(size_t agreeing, size_t a_count, size_t b_count) {
  double jaccard = static_cast<double>(agreeing) / kMinHashSize;
  size_t smaller = std::min(a_count, b_count);
  if (jaccard <= 0 || smaller == 0) return 0;
  // |A ∩ B| = J (|A| + |B|) / (1 + J)
  double shared = jaccard * static_cast<double>(a_count + b_count) / (1 + jaccard);
  return std::min(1.0, shared / static_cast<double>(smaller));
}

}  // namespace herald::story
