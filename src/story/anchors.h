// Cross-lingual anchors: the parts of a news text that survive translation.
// A Chinese and an English report of one event share few words, but they name
// the same places and people and quote the same figures and dates.
//
// What this uses (all from Debian's ICU, nothing vendored):
// - Names: Latin-script capitalized words and runs of them ("Huangyan Dao"
//   -> "huangyan", "dao", "huangyandao"), folded to ASCII; Han words of two or
//   more characters transliterated to toneless pinyin (ICU Han-Latin:
//   "沛岚" -> "peilan", "阳江" -> "yangjiang"), so Chinese place and storm
//   names meet their English spelling.
// - Places: ICU's own translations of country and region names and of time
//   zone cities in en/de/es/zh ("菲律宾", "Philippinen" and "Philippines" are
//   all "@PH"; "维也纳" and "Vienna" are one city), and capitalized two-letter
//   ISO 3166 codes ("US").
// - Numbers and month-day dates (numbers.h), as "#1100000" and "@9-24".
// Traditional/simplified Chinese are not unified here (OpenCC would do it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald::story {

// The anchors of `text` in order of appearance (repeats kept, so callers can
// weigh by frequency).
std::vector<std::string> ExtractAnchors(std::string_view text);

// "pei lan" style romanization of a Han word, lowercase ASCII without spaces
// ("沛岚" -> "peilan"); Latin text is folded to lowercase ASCII ("Südchina" ->
// "sudchina"). Exposed for tests.
std::string RomanizedKey(std::string_view word);

}  // namespace herald::story
