// topics/: which named topics an article belongs to. A topic is a rule from
// the config ([topics.NAME], docs/config.md): keywords and regular
// expressions over the title and text, narrowed by language, source and
// length. The same rules will focus a whole site later (include/exclude for
// the site itself), so a rule is plain data and the matcher knows no store.
//
// Contract: TopicMatcher::Create validates every rule (names, keywords,
// regexes) and compiles each regex once; a bad rule is an Error naming the
// topic and the fix. Match never fails and never throws: it is a pure
// function of the article, safe to call from several threads at once.
//
// Keywords match case-insensitively after Unicode NFKC case folding
// ("ＡＩ" = "ai", "Straße" = "strasse"):
//   * whole words in scripts written with spaces: "AI" matches "AI", "A.I."
//     does not, and neither does "said"; "Taiwan" does not match "Taiwanese"
//     (write "taiwan*" for a prefix, or a regex);
//   * substrings in scripts written without spaces (Han, Hiragana, Katakana,
//     Hangul, Thai, Lao, Khmer, Myanmar): "台风" matches "台风过境". A keyword's
//     edge in such a script needs no word boundary, so "AI" matches "用AI写作".
// Regexes use ICU syntax (Perl/ECMAScript-like: \b \d (?:) lookaround),
// always case-insensitive, over "title\ntext". A hostile pattern cannot hang
// ingest: each match runs under ICU's step limit (a pattern that needs more
// counts as no match) and reads at most the first kMaxRegexInput UTF-16
// units.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace herald::topics {

struct TopicRule {
  std::string name;                           // URL-safe id: [a-z0-9_-]{1,64}
  std::string title;                          // shown to readers; "" = name
  std::vector<std::string> keywords;          // any one matches ("elect*" = prefix)
  std::vector<std::string> exclude_keywords;  // any one vetoes
  std::vector<std::string> regexes;           // any one matches
  std::vector<std::string> exclude_regexes;   // any one vetoes
  std::vector<std::string> languages;         // "zh" also takes "zh-TW"; empty = any
  std::vector<std::string> sources;           // source ids or names; empty = any
  int min_words = 0;                          // 0 = any length
};

// What a rule looks at.
struct ArticleText {
  std::string title;
  std::string text;
  std::string language;
  int64_t source_id = 0;
  std::string source_name;
  int word_count = -1;  // < 0: counted from text when a rule needs it
};

constexpr int32_t kMaxRegexInput = 200000;

class TopicMatcher {
 public:
  // Fails (kInvalidInput) on the first bad rule: a malformed or repeated
  // name, an empty keyword, a regex that does not compile, a negative
  // min_words, or a rule with nothing to match on (it would take every article).
  static Result<std::unique_ptr<TopicMatcher>> Create(std::vector<TopicRule> rules);
  ~TopicMatcher();
  TopicMatcher(const TopicMatcher&) = delete;
  TopicMatcher& operator=(const TopicMatcher&) = delete;

  // Names of the topics the article belongs to, in rule order.
  std::vector<std::string> Match(const ArticleText& article) const;

  const std::vector<TopicRule>& rules() const { return rules_; }
  // Changes whenever the rules (or this matcher's semantics) change: stored
  // memberships computed under another fingerprint must be recomputed.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  struct Compiled;
  TopicMatcher(std::vector<TopicRule> rules, std::vector<Compiled> compiled, std::string fingerprint);

  std::vector<TopicRule> rules_;
  std::vector<Compiled> compiled_;
  std::string fingerprint_;
};

}  // namespace herald::topics
