// A hand-written equivalent of feedparser's sanitize_style regular
// expressions: linear in the input, no backtracking.
#include "sanitize/inline_style.h"

#include <algorithm>
#include <array>
#include <vector>

namespace herald {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWord(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }

constexpr auto kAcceptableProperties = std::to_array<std::string_view>({
    "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color",
    "border-left-color", "border-right-color", "border-top-color", "clear", "color", "cursor",
    "direction", "display", "elevation", "float", "font", "font-family", "font-size", "font-style",
    "font-variant", "font-weight", "height", "letter-spacing", "line-height", "overflow", "pause",
    "pause-after", "pause-before", "pitch", "pitch-range", "richness", "speak", "speak-header",
    "speak-numeral", "speak-punctuation", "speech-rate", "stress", "text-align", "text-decoration",
    "text-indent", "unicode-bidi", "vertical-align", "voice-family", "volume", "white-space", "width"});

// Shorthand families whose every keyword must be acceptable or a plain value.
constexpr auto kShorthandFamilies = std::to_array<std::string_view>({"background", "border", "margin", "padding"});

constexpr auto kAcceptableKeywords = std::to_array<std::string_view>({
    "!important", "aqua", "auto", "black", "block", "blue", "bold", "both", "bottom", "brown",
    "center", "collapse", "dashed", "dotted", "fuchsia", "gray", "green", "italic", "left", "lime",
    "maroon", "medium", "navy", "none", "normal", "nowrap", "olive", "pointer", "purple", "red",
    "right", "silver", "solid", "teal", "top", "transparent", "underline", "white", "yellow"});

template <size_t N>
bool IsOneOf(std::string_view s, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

// End of the url(...) call starting at s[i] (plus white space after it), or 0.
// Mirrors url\s*\(\s*[^\s)]+?\s*\)\s*.
size_t UrlCallEnd(std::string_view s, size_t i) {
  if (s.compare(i, 3, "url") != 0) return 0;
  size_t j = SkipSpaces(s, i + 3);
  if (j >= s.size() || s[j] != '(') return 0;
  j = SkipSpaces(s, j + 1);
  size_t arg = j;
  while (j < s.size() && !IsSpace(s[j]) && s[j] != ')') ++j;
  if (j == arg) return 0;
  j = SkipSpaces(s, j);
  if (j >= s.size() || s[j] != ')') return 0;
  return SkipSpaces(s, j + 1);
}

std::string WithoutUrls(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (size_t end = UrlCallEnd(s, i); end != 0) {
      out += ' ';
      i = end;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// End of the quoted run of word characters and spaces at s[i], or 0.
size_t QuotedWordsEnd(std::string_view s, size_t i) {
  char quote = s[i];
  size_t j = i + 1;
  while (j < s.size() && (IsWord(s[j]) || IsSpace(s[j]))) ++j;
  return j > i + 1 && j < s.size() && s[j] == quote ? j + 1 : 0;
}

// End of "(digits, commas, spaces)" at s[i], or 0.
size_t NumberListEnd(std::string_view s, size_t i) {
  size_t j = i + 1;
  while (j < s.size() && (IsDigit(s[j]) || s[j] == ',' || IsSpace(s[j]))) ++j;
  return j > i + 1 && j < s.size() && s[j] == ')' ? j + 1 : 0;
}

bool IsGauntletChar(char c) {
  return IsAlpha(c) || IsDigit(c) || IsSpace(c) || std::string_view(":,;#%.!").find(c) != std::string_view::npos;
}

// The whole string is made of harmless pieces (feedparser's "gauntlet"):
// single safe characters, word-word, 'words', "words", (numbers). Which
// positions can end a prefix of such pieces is tracked as a reachable set.
bool PassesGauntlet(std::string_view s) {
  std::vector<bool> reachable(s.size() + 1, false);
  reachable[0] = true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!reachable[i]) continue;
    char c = s[i];
    if (IsGauntletChar(c)) reachable[i + 1] = true;
    if (i + 2 < s.size() && IsWord(c) && s[i + 1] == '-' && IsWord(s[i + 2])) reachable[i + 3] = true;
    size_t end = 0;
    if (c == '\'' || c == '"') end = QuotedWordsEnd(s, i);
    if (c == '(') end = NumberListEnd(s, i);
    if (end != 0) reachable[end] = true;
  }
  return reachable[s.size()];
}

struct Declaration {
  std::string_view property;
  std::string_view value;  // as written, trailing white space included
};

// Splits "prop: value; prop: value" into declarations; false when anything
// else is left over.
bool SplitDeclarations(std::string_view s, std::vector<Declaration>& out) {
  size_t i = 0;
  while (true) {
    i = SkipSpaces(s, i);
    if (i >= s.size()) return true;
    size_t name = i;
    while (i < s.size() && (IsWord(s[i]) || s[i] == '-')) ++i;
    if (i == name) return false;
    std::string_view property = s.substr(name, i - name);
    i = SkipSpaces(s, i);
    if (i >= s.size() || s[i] != ':') return false;
    i = SkipSpaces(s, i + 1);
    size_t value = i;
    while (i < s.size() && s[i] != ':' && s[i] != ';') ++i;
    out.push_back({property, s.substr(value, i - value)});
    if (i < s.size() && s[i] == ';') ++i;
  }
}

// \d{0,2}\.?\d{0,2} followed by an optional unit: without a dot the two
// digit runs meet, so up to four digits ("100%").
bool IsPlainSize(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    return i - start;
  };
  size_t whole = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (whole > 2 || digits() > 2) return false;
  } else if (whole > 4) {
    return false;
  }
  std::string_view unit = s.substr(i);
  return unit.empty() ||
         IsOneOf(unit, std::to_array<std::string_view>({"cm", "em", "ex", "in", "mm", "pc", "pt", "px", "%", ",", ")"}));
}

// rgb\(\d+%?,\d*%?,?\d*%?\)?
bool IsRgb(std::string_view s) {
  if (s.compare(0, 4, "rgb(") != 0) return false;
  size_t i = 4, start = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == start) return false;
  auto optional = [&](char c) {
    if (i < s.size() && s[i] == c) ++i;
  };
  auto digits = [&] {
    while (i < s.size() && IsDigit(s[i])) ++i;
  };
  optional('%');
  if (i >= s.size() || s[i] != ',') return false;
  ++i;
  digits();
  optional('%');
  optional(',');
  digits();
  optional('%');
  optional(')');
  return i == s.size();
}

bool IsValidValue(std::string_view s) {
  if (!s.empty() && s[0] == '#') {
    return s.size() > 1 &&
           std::all_of(s.begin() + 1, s.end(), [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); });
  }
  return IsRgb(s) || IsPlainSize(s);
}

bool EveryKeywordIsSafe(std::string_view value) {
  size_t i = 0;
  while ((i = SkipSpaces(value, i)) < value.size()) {
    size_t end = i;
    while (end < value.size() && !IsSpace(value[end])) ++end;
    std::string_view keyword = value.substr(i, end - i);
    if (!IsOneOf(keyword, kAcceptableKeywords) && !IsValidValue(keyword)) return false;
    i = end;
  }
  return true;
}

bool IsKept(const Declaration& d) {
  std::string property = Lower(d.property);
  if (IsOneOf(property, kAcceptableProperties)) return true;
  std::string_view family = std::string_view(property).substr(0, property.find('-'));
  return IsOneOf(family, kShorthandFamilies) && EveryKeywordIsSafe(d.value);
}

}  // namespace

std::string SanitizeInlineStyle(std::string_view style) {
  std::string text = WithoutUrls(style);
  std::vector<Declaration> declarations;
  if (!PassesGauntlet(text) || !SplitDeclarations(text, declarations)) return "";
  std::string out;
  for (const Declaration& d : declarations) {
    if (d.value.empty() || !IsKept(d)) continue;
    if (!out.empty()) out += ' ';
    out.append(d.property).append(": ").append(d.value).append(";");
  }
  return out;
}

}  // namespace herald
