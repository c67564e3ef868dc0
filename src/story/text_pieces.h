// A light scanner shared by the fact extractors: text as runs of digits,
// runs of letters (keeping their case) and single other code points. Unlike
// WordTokens it keeps "3.5" whole and keeps capitals, which mark names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald::story {

struct Piece {
  enum Kind { kNumber, kWord, kHan, kOther } kind;
  std::string text;   // number: digits and at most one '.', separators dropped;
                      // word: lowercase (ASCII folded); han: a run of ideographs;
                      // other: one code point (punctuation, symbols)
  bool capitalized = false;  // word: began with an uppercase letter
  bool all_caps = false;     // word: no lowercase letter ("US", not "Us" or "us")
};

// Splits `text` (UTF-8; invalid bytes are skipped) into pieces, white space
// dropped.
std::vector<Piece> SplitPieces(std::string_view text);

}  // namespace herald::story
