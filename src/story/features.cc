#include "story/features.h"

#include <algorithm>

#include "common/segment.h"
#include "story/anchors.h"
#include "story/fingerprint.h"
#include "story/numbers.h"
#include "story/text_pieces.h"

namespace herald::story {
namespace {

constexpr double kTitleWeight = 2;

// FNV-1a; fixed across platforms like the shingle hash.
uint64_t HashWord(std::string_view word, uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : word) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// The canonical number a word token spells, or "" ("3.5" -> "3.5", "fifth" -> "5").
std::string NumberOf(const std::string& word) {
  std::vector<std::string> numbers = ExtractNumbers(word);
  return numbers.size() == 1 ? numbers.front() : "";
}

std::vector<NumberInContext> NumbersInContext(const std::vector<std::string>& words) {
  std::vector<NumberInContext> out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string number = NumberOf(words[i]);
    if (number.empty()) continue;
    std::string_view before = i > 0 ? std::string_view(words[i - 1]) : "^";
    std::string_view after = i + 1 < words.size() ? std::string_view(words[i + 1]) : "$";
    out.push_back({HashWord(after, HashWord(before) ^ 0x9e37), std::move(number)});
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Words that carry meaning: one-letter Latin tokens ("s" of "China's") are noise.
std::vector<std::string> ContentWords(const std::vector<std::string>& words) {
  std::vector<std::string> kept;
  for (const std::string& w : words)
    if (w.size() > 1) kept.push_back(w);
  return kept;
}

}  // namespace

std::string GuessLanguage(std::string_view text) {
  size_t han = 0, latin = 0;
  for (const Piece& p : SplitPieces(text.substr(0, 4000))) {
    han += p.kind == Piece::kHan;
    latin += p.kind == Piece::kWord;
  }
  return han > latin ? "zh" : "und";
}

ArticleFeatures ComputeFeatures(std::string_view title, std::string_view text, std::string_view language) {
  ArticleFeatures f;
  f.language = language.empty() ? GuessLanguage(text) : std::string(language);
  f.fingerprint = ContentFingerprint(text);
  std::vector<std::string> body_words = WordTokens(text);
  f.body = ComputeMinHash(WordShingles(body_words, kShingleWords));
  f.numbers = NumbersInContext(body_words);
  CountTerms(ContentWords(WordTokens(title)), kTitleWeight, f.words);
  CountTerms(ContentWords(body_words), 1, f.words);
  CountTerms(ExtractAnchors(title), kTitleWeight, f.anchors);
  CountTerms(ExtractAnchors(text), 1, f.anchors);
  return f;
}

}  // namespace herald::story
