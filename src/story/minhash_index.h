// Copy candidates without comparing against every article: a MinHash
// signature is indexed by each of its positions' values, and a lookup counts,
// per remembered article, the positions where the two signatures agree. That
// count is exactly what EstimateJaccard counts (or more, when two values share
// a key), so an article sharing no position (estimated Jaccard 0, never a
// copy) is never returned, and no article CompareForDuplicate could accept is
// missed.
//
// Every remembered article puts kMinHashSize entries here, so entries live in
// one flat open-addressing table of 8-byte slots (a 32-bit hash of the
// position and value, which also picks the slot, and a 32-bit arrival number)
// rather than in a node per key. Two values sharing a hash only add a
// candidate, which the exact comparison then rejects. Arrival numbers are
// taken modulo 2^32: an engine would need four billion articles in memory at
// once to confuse two.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "story/minhash.h"

namespace herald::story {

class MinHashIndex {
 public:
  void Add(uint64_t article, const MinHashSignature& signature);
  // Drops `article`, indexed earlier with `signature`.
  void Remove(uint64_t article, const MinHashSignature& signature);

  // Remembered articles agreeing with `signature` at one position or more,
  // with the number of agreeing positions, in arrival order.
  std::vector<std::pair<uint64_t, int>> Agreeing(const MinHashSignature& signature) const;

  size_t entries() const { return live_; }

 private:
  struct Slot {
    uint32_t tag = kEmpty;
    uint32_t article = 0;
  };
  static constexpr uint32_t kEmpty = 0, kRemoved = 1;  // tags never used for entries

  size_t Home(uint32_t tag) const;
  void Insert(uint32_t tag, uint32_t article);
  void Resize(size_t slots);

  std::vector<Slot> slots_;
  size_t live_ = 0;          // entries
  size_t used_ = 0;          // entries and removed markers (probe chains end at kEmpty)
};

}  // namespace herald::story
