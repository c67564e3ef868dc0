#include "net/robots.h"

#include "common/strings.h"

namespace herald::net {
namespace {

bool IsTokenChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'; }

// Glob match of all of `text` against `pattern` ('*' = any run), with one
// backtrack point: O(pattern x text), so hostile "*a*a*a*b" rules stay cheap.
bool GlobMatches(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// A rule matches a path prefix unless its pattern ends in '$'.
bool PatternMatches(std::string_view pattern, std::string_view path) {
  if (!pattern.empty() && pattern.back() == '$') return GlobMatches(pattern.substr(0, pattern.size() - 1), path);
  return GlobMatches(std::string(pattern) + "*", path);
}

// Splits "Key: value # comment" into a lowercase key and a trimmed value.
bool SplitLine(std::string_view line, std::string* key, std::string_view* value) {
  line = line.substr(0, line.find('#'));
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  *key = ToLowerAscii(Trim(line.substr(0, colon)));
  *value = Trim(line.substr(colon + 1));
  return true;
}

}  // namespace

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.rules_.push_back(Rule{false, "/"});
  return rules;
}

RobotsRules RobotsRules::Parse(std::string_view robots_txt, std::string_view product_token) {
  const std::string ours = ToLowerAscii(product_token);
  RobotsRules specific, fallback;
  bool any_specific = false;
  // The current group: which of the two rule sets it feeds (both when it names us and "*").
  bool group_is_ours = false, group_is_star = false;
  bool in_agent_lines = false;  // consecutive user-agent lines form one group
  while (!robots_txt.empty()) {
    size_t end = robots_txt.find_first_of("\r\n");
    std::string_view line = robots_txt.substr(0, end);
    robots_txt = end == std::string_view::npos ? std::string_view() : robots_txt.substr(end + 1);
    std::string key;
    std::string_view value;
    if (!SplitLine(line, &key, &value)) continue;
    if (key == "user-agent") {
      if (!in_agent_lines) group_is_ours = group_is_star = false;
      in_agent_lines = true;
      std::string_view token = value;
      size_t n = 0;
      while (n < token.size() && IsTokenChar(token[n])) ++n;
      if (value == "*")
        group_is_star = true;
      else if (n > 0 && ToLowerAscii(token.substr(0, n)) == ours)
        group_is_ours = any_specific = true;
      continue;
    }
    if (key != "allow" && key != "disallow") continue;  // sitemap, crawl-delay, junk
    in_agent_lines = false;
    if (value.empty()) continue;  // "Disallow:" with nothing allows everything
    Rule rule{key == "allow", std::string(value)};
    if (group_is_ours) specific.rules_.push_back(rule);
    if (group_is_star) fallback.rules_.push_back(rule);
  }
  return any_specific ? specific : fallback;
}

bool RobotsRules::IsAllowed(std::string_view path) const {
  if (path == "/robots.txt") return true;
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (!PatternMatches(rule.pattern, path)) continue;
    bool longer = best == nullptr || rule.pattern.size() > best->pattern.size();
    bool tie_to_allow = best != nullptr && rule.pattern.size() == best->pattern.size() && rule.allow;
    if (longer || tie_to_allow) best = &rule;
  }
  return best == nullptr || best->allow;
}

std::string ProductToken(std::string_view user_agent) {
  size_t n = 0;
  while (n < user_agent.size() && IsTokenChar(user_agent[n])) ++n;
  return std::string(user_agent.substr(0, n));
}

}  // namespace herald::net
