// Site focus: which stored articles the site shows at all (config [focus]
// and per-source `sections`, docs/config.md). An article outside the focus
// is kept (Store::SetOutOfFocus) so that changed rules can bring it back.
//
// Contract: the focus rule is a topic rule without a name: keywords,
// regexes, languages and min_words must all be met when given (no include
// keywords or regexes = any text), and any exclude keyword or regex vetoes;
// matching is TopicMatcher's (topics/matcher.h). On top, a source listed in
// `sections` keeps only articles whose URL path starts with one of its
// prefixes. An empty rule takes everything. FocusMatcher::Create reuses
// TopicMatcher's validation and names the [focus] key at fault; InFocus
// never fails, never throws and is safe from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "topics/matcher.h"

namespace herald::topics {

struct FocusRule {
  std::vector<std::string> keywords;          // any one must match; empty = any text
  std::vector<std::string> exclude_keywords;  // any one puts the article out of focus
  std::vector<std::string> regexes;           // any one must match (with keywords: either)
  std::vector<std::string> exclude_regexes;   // any one puts the article out of focus
  std::vector<std::string> languages;         // "zh" also takes "zh-TW"; empty = any
  int min_words = 0;                          // 0 = any length
  // Source id -> URL path prefixes ("/world/asia/"), case-sensitive; a source
  // not listed here keeps every path.
  std::map<int64_t, std::vector<std::string>> sections;
};

class FocusMatcher {
 public:
  // kInvalidInput naming the key ("exclude_regexes: regex '(' is invalid
  // ..."): a bad keyword or regex, an empty language, a negative min_words,
  // or a section that is not a path ("/...").
  static Result<std::unique_ptr<FocusMatcher>> Create(FocusRule rule);
  ~FocusMatcher();
  FocusMatcher(const FocusMatcher&) = delete;
  FocusMatcher& operator=(const FocusMatcher&) = delete;

  // `url` is the article's page URL (its path is matched against the
  // source's sections; an unparsable URL is outside any section).
  bool InFocus(const ArticleText& article, std::string_view url) const;

  // True when the rule takes every article (no [focus], no sections).
  bool TakesEverything() const;
  const FocusRule& rule() const { return rule_; }
  // Changes whenever the rule or the matcher's semantics change.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  FocusMatcher(FocusRule rule, std::unique_ptr<TopicMatcher> include, std::unique_ptr<TopicMatcher> exclude,
               std::string fingerprint);

  FocusRule rule_;
  std::unique_ptr<TopicMatcher> include_;  // null: every text is taken
  std::unique_ptr<TopicMatcher> exclude_;  // null: nothing is vetoed
  std::string fingerprint_;
};

}  // namespace herald::topics
