#include "story/minhash_index.h"

#include <algorithm>
#include <unordered_map>

namespace herald::story {
namespace {

// One tag per (position, value): a value at position 3 says nothing about
// the same value at position 4.
uint32_t Tag(size_t position, uint64_t value) {
  uint64_t x = value ^ ((static_cast<uint64_t>(position) + 1) * 0x9e3779b97f4a7c15ULL);
  x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9ULL;
  auto tag = static_cast<uint32_t>((x ^ (x >> 29)) >> 32);
  return tag < 2 ? tag + 2 : tag;  // 0 and 1 mark free and removed slots
}

constexpr size_t kMinSlots = 1024;

}  // namespace

// Multiply-shift onto [0, size): any table size, no modulo.
size_t MinHashIndex::Home(uint32_t tag) const {
  return static_cast<size_t>((static_cast<uint64_t>(tag) * slots_.size()) >> 32);
}

void MinHashIndex::Insert(uint32_t tag, uint32_t article) {
  for (size_t i = Home(tag);; i = i + 1 == slots_.size() ? 0 : i + 1) {
    if (slots_[i].tag == kEmpty || slots_[i].tag == kRemoved) {
      used_ += slots_[i].tag == kEmpty;
      slots_[i] = {tag, article};
      ++live_;
      return;
    }
  }
}

void MinHashIndex::Resize(size_t slots) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slots, Slot{});
  live_ = used_ = 0;
  for (const Slot& slot : old)
    if (slot.tag != kEmpty && slot.tag != kRemoved) Insert(slot.tag, slot.article);
}

void MinHashIndex::Add(uint64_t article, const MinHashSignature& signature) {
  // At most 3/4 full counting removed markers, so probe chains stay short;
  // a rebuild drops the markers and leaves the table under half full.
  if ((used_ + signature.mins.size()) * 4 > slots_.size() * 3)
    Resize(std::max(kMinSlots, (live_ + signature.mins.size()) * 9 / 4));
  for (size_t i = 0; i < signature.mins.size(); ++i)
    Insert(Tag(i, signature.mins[i]), static_cast<uint32_t>(article));
}

void MinHashIndex::Remove(uint64_t article, const MinHashSignature& signature) {
  if (slots_.empty()) return;
  for (size_t p = 0; p < signature.mins.size(); ++p) {
    uint32_t tag = Tag(p, signature.mins[p]);
    for (size_t i = Home(tag); slots_[i].tag != kEmpty; i = i + 1 == slots_.size() ? 0 : i + 1) {
      if (slots_[i].tag == tag && slots_[i].article == static_cast<uint32_t>(article)) {
        slots_[i].tag = kRemoved;
        --live_;
        break;
      }
    }
  }
}

std::vector<std::pair<uint64_t, int>> MinHashIndex::Agreeing(const MinHashSignature& signature) const {
  std::unordered_map<uint32_t, int> counts;
  if (!slots_.empty()) {
    for (size_t p = 0; p < signature.mins.size(); ++p) {
      uint32_t tag = Tag(p, signature.mins[p]);
      for (size_t i = Home(tag); slots_[i].tag != kEmpty; i = i + 1 == slots_.size() ? 0 : i + 1)
        if (slots_[i].tag == tag) ++counts[slots_[i].article];
    }
  }
  std::vector<std::pair<uint64_t, int>> out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace herald::story
