#include "extract/excerpt.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>

#include "common/strings.h"

namespace herald::extract {
namespace {

constexpr size_t kMinSentenceExcerpt = 120;

bool IsSentenceEnd(const icu::UnicodeString& s, int32_t i) {
  UChar c = s[i];
  if (c == u'。' || c == u'！' || c == u'？') return true;
  if (c != u'.' && c != u'!' && c != u'?') return false;
  // ASCII terminators need a following space (or quote, then space): not "3.5".
  int32_t next = i + 1;
  while (next < s.length() && (s[next] == u'"' || s[next] == u'”' || s[next] == u'’' || s[next] == u')')) ++next;
  return next >= s.length() || s[next] == u' ';
}

// Index after the closing quotes following a terminator at `i`.
int32_t AfterTerminator(const icu::UnicodeString& s, int32_t i) {
  int32_t end = i + 1;
  while (end < s.length() && (s[end] == u'"' || s[end] == u'”' || s[end] == u'’' || s[end] == u'」' || s[end] == u')')) ++end;
  return end;
}

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

std::string MakeExcerpt(std::string_view text, size_t max_code_points) {
  std::string clean = CollapseWhitespace(ToValidUtf8(text));
  if (CodePointCount(clean) <= max_code_points) return clean;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(clean);
  // Work in code points: the UTF-16 index of code point `max_code_points`.
  int32_t limit = s.moveIndex32(0, static_cast<int32_t>(max_code_points));
  int32_t min_sentence = s.moveIndex32(0, static_cast<int32_t>(kMinSentenceExcerpt));

  for (int32_t i = limit - 1; i >= min_sentence; --i) {
    if (IsSentenceEnd(s, i)) {
      int32_t end = AfterTerminator(s, i);
      if (s.countChar32(0, end) <= static_cast<int32_t>(max_code_points)) {
        return Utf8(s.tempSubString(0, end));
      }
    }
  }

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  int32_t cut = s.moveIndex32(limit, -1);  // leave room for '…'
  if (U_SUCCESS(status)) {
    words->setText(s);
    int32_t boundary = words->isBoundary(cut) ? cut : words->preceding(cut);
    if (boundary != icu::BreakIterator::DONE && boundary > 0) cut = boundary;
  }
  std::string head = Utf8(s.tempSubString(0, cut));
  // Do not end on a space or dangling punctuation before the ellipsis.
  while (!head.empty() && (head.back() == ' ' || head.back() == ',' || head.back() == ';' ||
                           head.back() == ':' || head.back() == '-')) {
    head.pop_back();
  }
  for (std::string_view tail : {"，", "、", "；", "：", "（", "“"}) {
    if (head.ends_with(tail)) head.resize(head.size() - tail.size());
  }
  return head + "…";
}

int CountWords(std::string_view text) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(ToValidUtf8(text));
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return 0;
  words->setText(s);
  int count = 0;
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; end = words->next()) {
    if (words->getRuleStatus() != UBRK_WORD_NONE) ++count;
  }
  return count;
}

int ReadingTimeMinutes(int word_count) {
  if (word_count <= 0) return 0;
  return std::max(1, (word_count + 115) / 230);
}

}  // namespace herald::extract
