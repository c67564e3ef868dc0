// Text measures that must be Unicode-aware (CJK has no spaces): excerpts
// and word counts, on ICU break iterators.
#pragma once

#include <string>
#include <string_view>

namespace herald::extract {

// At most `max_code_points` code points of `text` (whitespace collapsed).
// Text that fits is returned whole. Otherwise it ends at the last sentence end
// that falls after 120 code points, or else at a word boundary followed by
// '…' (the '…' counts toward the limit). Never cuts inside a word.
std::string MakeExcerpt(std::string_view text, size_t max_code_points = 300);

// Words by ICU word-break rules: "Hello, world" = 2; CJK runs are segmented
// into dictionary words.
int CountWords(std::string_view text);

// Minutes to read `word_count` words at 230 words a minute, at least 1 for
// any text, 0 for none.
int ReadingTimeMinutes(int word_count);

}  // namespace herald::extract
