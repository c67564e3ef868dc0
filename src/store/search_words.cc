#include "store/search_words.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "common/segment.h"
#include "common/strings.h"

namespace herald::store {
namespace {

bool IsStopWord(const std::string& w) {
  static const std::set<std::string> kStop = {
      "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as",
      "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that",
      "these", "those", "said", "says", "will", "would", "not", "but", "than", "after", "about",
      "into", "over", "more", "most", "their", "they", "he", "she", "his", "her", "we", "our", "you",
      "who", "which", "what", "when", "also", "up", "out", "new", "one", "two", "year", "years",
      "的", "了", "是", "在", "和", "与", "也", "都", "将", "对", "等", "中", "为", "有"};
  return kStop.count(w) > 0;
}

}  // namespace

std::string SnippetAround(const std::string& text, const std::vector<std::string>& words) {
  constexpr size_t kBefore = 60 * 3, kLength = 160 * 3;  // bytes; CJK is 3 bytes a character
  std::string lower = ToLowerAscii(text);
  size_t at = std::string::npos;
  for (const std::string& w : words) at = std::min(at, lower.find(w));
  if (at == std::string::npos) at = 0;
  size_t begin = at > kBefore ? at - kBefore : 0;
  size_t end = std::min(text.size(), begin + kLength);
  while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  if (begin > 0) {
    size_t space = text.find(' ', begin);
    if (space != std::string::npos && space < at) begin = space + 1;
  }
  if (end < text.size()) {
    size_t space = text.rfind(' ', end);
    if (space != std::string::npos && space > at) end = space;
  }
  std::string out = CollapseWhitespace(text.substr(begin, end - begin));
  return (begin > 0 ? "… " : "") + out + (end < text.size() ? " …" : "");
}

std::vector<std::string> SalientWords(const std::string& title, const std::string& text) {
  auto usable = [](const std::string& w) {
    if (CodePointCount(w) < 2 || IsStopWord(w)) return false;
    return w.find_first_not_of("0123456789.,") != std::string::npos;
  };
  std::vector<std::string> words;
  std::set<std::string> chosen;
  for (const std::string& w : SearchWords(title))
    if (usable(w) && chosen.insert(w).second) words.push_back(w);
  std::map<std::string, int> frequency;
  // The opening of a long text says enough, and segmenting all of it costs.
  std::vector<std::string> body = SearchWords(text.substr(0, 20000));
  for (const std::string& w : body)
    if (usable(w)) ++frequency[w];
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [w, n] : frequency) ranked.emplace_back(-n, w);
  std::sort(ranked.begin(), ranked.end());
  for (const auto& [n, w] : ranked) {
    if (words.size() >= 16) break;
    if (-n >= 2 && chosen.insert(w).second) words.push_back(w);
  }
  return words;
}

}  // namespace herald::store
