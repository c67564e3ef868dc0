#include "story/text_pieces.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/strings.h"

namespace herald::story {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsHan(UChar32 c) { return c >= 0 && u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC); }
bool IsLetter(UChar32 c) { return c >= 0 && u_isalpha(c) && !IsHan(c); }

// A ',' that separates thousands: followed by exactly three digits.
bool IsThousandsSeparator(std::string_view text, size_t j) {
  if (text[j] != ',' || j + 3 >= text.size()) return false;
  if (!IsDigit(text[j + 1]) || !IsDigit(text[j + 2]) || !IsDigit(text[j + 3])) return false;
  return j + 4 >= text.size() || !IsDigit(text[j + 4]);
}

// The end of the run of code points starting at `i` that satisfy `in_run`.
template <typename Predicate>
int32_t RunEnd(const uint8_t* s, int32_t i, int32_t length, Predicate in_run) {
  while (i < length) {
    int32_t next = i;
    UChar32 c;
    U8_NEXT(s, next, length, c);
    if (!in_run(c)) break;
    i = next;
  }
  return i;
}

}  // namespace

std::vector<Piece> SplitPieces(std::string_view text) {
  std::vector<Piece> pieces;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    if (IsDigit(text[i])) {
      std::string digits;
      size_t j = i;
      while (j < text.size()) {
        if (IsDigit(text[j])) {
          digits += text[j++];
        } else if (IsThousandsSeparator(text, j)) {
          ++j;
        } else if (text[j] == '.' && j + 1 < text.size() && IsDigit(text[j + 1]) &&
                   digits.find('.') == std::string::npos) {
          digits += text[j++];
        } else {
          break;
        }
      }
      pieces.push_back({Piece::kNumber, digits});
      i = static_cast<int32_t>(j);
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (IsLetter(c)) {
      int32_t end = RunEnd(s, i, length, IsLetter);
      std::string_view word = text.substr(start, end - start);
      bool all_caps = RunEnd(s, start, end, [](UChar32 x) { return !u_islower(x); }) == end;
      pieces.push_back({Piece::kWord, ToLowerAscii(word), u_isupper(c) != 0, all_caps});
      i = end;
    } else if (IsHan(c)) {
      int32_t end = RunEnd(s, i, length, IsHan);
      pieces.push_back({Piece::kHan, std::string(text.substr(start, end - start))});
      i = end;
    } else if (c >= 0 && !u_isUWhiteSpace(c)) {
      pieces.push_back({Piece::kOther, std::string(text.substr(start, i - start))});
    }
  }
  return pieces;
}

}  // namespace herald::story
