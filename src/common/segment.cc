#include "common/segment.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

namespace herald {
namespace {

icu::UnicodeString Fold(const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return s;
  icu::UnicodeString out = fold->normalize(s, status);
  return U_SUCCESS(status) ? out : s;
}

bool IsLatin(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_LATIN && U_SUCCESS(status);
}

// `word` without the marks on its Latin letters: a precomposed letter gives
// way to the base of its canonical decomposition when the rest of that is
// non-spacing marks ("ệ" = e + U+0323 + U+0302 -> "e"), and a combining mark
// that follows a Latin letter is dropped.
icu::UnicodeString StripLatinDiacritics(const icu::UnicodeString& word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return word;
  icu::UnicodeString out;
  bool after_latin = false;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1)) {
    UChar32 c = word.char32At(i);
    if (c < 0x80) {
      out.append(c);
      after_latin = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      continue;
    }
    if (u_charType(c) == U_NON_SPACING_MARK && after_latin) continue;
    if (!IsLatin(c)) {
      out.append(c);
      after_latin = false;
      continue;
    }
    after_latin = true;
    icu::UnicodeString parts;
    if (!nfd->getDecomposition(c, parts)) {
      out.append(c);
      continue;
    }
    UChar32 base = parts.char32At(0);
    bool only_marks = true;
    for (int32_t j = parts.moveIndex32(0, 1); j < parts.length(); j = parts.moveIndex32(j, 1))
      only_marks = only_marks && u_charType(parts.char32At(j)) == U_NON_SPACING_MARK;
    out.append(only_marks ? base : c);
  }
  return out;
}

}  // namespace

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words = WordTokens(text);
  for (std::string& w : words) {
    bool ascii = std::all_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) continue;
    std::string stripped;
    StripLatinDiacritics(icu::UnicodeString::fromUTF8(w)).toUTF8String(stripped);
    w = std::move(stripped);
  }
  return words;
}

std::vector<std::string> WordTokens(std::string_view text) {
  std::vector<std::string> words;
  icu::UnicodeString s =
      Fold(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))));
  // The root locale's word rules already use the CJK dictionaries. Building
  // an iterator loads its rules: one per thread, reused (freed at thread exit).
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    return U_SUCCESS(status) ? std::move(made) : nullptr;
  }();
  if (!it) return words;
  it->setText(s);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces, punctuation
    std::string word;
    s.tempSubStringBetween(start, end).toUTF8String(word);
    words.push_back(std::move(word));
  }
  return words;
}

std::string SegmentForIndex(std::string_view text) {
  std::string out;
  for (const std::string& w : SearchWords(text)) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace herald
