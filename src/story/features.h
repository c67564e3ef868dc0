// Everything the story layer compares about one article, computed once when
// the article arrives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "story/minhash.h"
#include "story/term_vector.h"

namespace herald::story {

// A number in its surroundings: the words on either side (hashed) and the
// number. Two copies of one text agree on the number in a shared context; a
// template twin ("for a fourth straight month" / "fifth") does not.
struct NumberInContext {
  uint64_t context = 0;
  std::string number;
  friend bool operator<(const NumberInContext& a, const NumberInContext& b) {
    return std::tie(a.context, a.number) < std::tie(b.context, b.number);
  }
  friend bool operator==(const NumberInContext&, const NumberInContext&) = default;
};

struct ArticleFeatures {
  std::string language;             // as given, else "zh" for mostly-Han text, else "und"
  std::string fingerprint;          // ContentFingerprint of the body
  MinHashSignature body;            // shingles of the body (headlines get rewritten)
  std::vector<NumberInContext> numbers;  // of the body, sorted
  TermCounts words;                 // title (double weight) and body words
  TermCounts anchors;               // cross-lingual anchors of title and body
};

// Shingle length for near-duplicate detection, in words.
inline constexpr int kShingleWords = 3;

ArticleFeatures ComputeFeatures(std::string_view title, std::string_view text, std::string_view language);

// "zh" when Han characters outnumber Latin words in `text`, else "und".
std::string GuessLanguage(std::string_view text);

}  // namespace herald::story
