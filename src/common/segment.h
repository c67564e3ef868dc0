// Word segmentation for every language herald ingests (ICU word break rules,
// with dictionaries for Chinese, Japanese, Thai...): "台风桦加沙登陆" has no
// spaces, yet search and duplicate detection need its words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald {

// The words of `text`, case-folded (NFKC_Casefold), in order; punctuation and
// white space dropped. Numbers count as words.
std::vector<std::string> WordTokens(std::string_view text);

// WordTokens with the diacritics of Latin letters removed ("Café" -> "cafe",
// "Nguyễn" -> "nguyen"), as SQLite FTS5's remove_diacritics does; other
// scripts keep theirs (Japanese "が" stays "が"). The form both search
// indexes hold and queries are matched in.
std::vector<std::string> SearchWords(std::string_view text);

// SearchWords joined by single spaces: text a whitespace tokenizer (SQLite
// FTS5 unicode61, PostgreSQL's 'simple' configuration) can index so that
// Chinese and Japanese words match.
std::string SegmentForIndex(std::string_view text);

}  // namespace herald
