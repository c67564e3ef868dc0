#include "topics/focus.h"

#include <algorithm>

#include "common/strings.h"
#include "common/url.h"

namespace herald::topics {
namespace {

// Bumped when focus semantics change, so stored flags are redone.
constexpr char kFocusSemanticsVersion[] = "focus-1";
// The focus borrows TopicMatcher under this name; its messages start with
// "topic 'focus': ", which means nothing to someone writing [focus].
constexpr char kRuleName[] = "focus";

std::string WithoutTopicPrefix(const std::string& message) {
  const std::string prefix = std::string("topic '") + kRuleName + "': ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

// TopicMatcher's validation of one key's items, as a rule of that key alone,
// so the error can name the key.
Status CheckWithTopicRules(const char* key, const std::vector<std::string>& items,
                           std::vector<std::string> TopicRule::*field) {
  if (items.empty()) return Status::Ok();
  TopicRule probe;
  probe.name = kRuleName;
  probe.*field = items;
  auto matcher = TopicMatcher::Create({probe});
  if (!matcher.ok())
    return MakeError(ErrorKind::kInvalidInput, std::string(key) + ": " + WithoutTopicPrefix(matcher.message()));
  return Status::Ok();
}

Status CheckRule(const FocusRule& rule) {
  for (Status s : {CheckWithTopicRules("keywords", rule.keywords, &TopicRule::keywords),
                   CheckWithTopicRules("exclude_keywords", rule.exclude_keywords, &TopicRule::keywords),
                   CheckWithTopicRules("regexes", rule.regexes, &TopicRule::regexes),
                   CheckWithTopicRules("exclude_regexes", rule.exclude_regexes, &TopicRule::regexes),
                   CheckWithTopicRules("languages", rule.languages, &TopicRule::languages)}) {
    if (!s.ok()) return s;
  }
  if (rule.min_words < 0)
    return MakeError(ErrorKind::kInvalidInput, "min_words must not be negative; use 0 for any length");
  for (const auto& [source_id, prefixes] : rule.sections) {
    for (const std::string& prefix : prefixes) {
      if (prefix.empty() || prefix[0] != '/')
        return MakeError(ErrorKind::kInvalidInput, "sections: '" + prefix +
                                                       "' is not a URL path; write it from the first slash, "
                                                       "like \"/world/asia/\"");
    }
  }
  return Status::Ok();
}

// A one-rule TopicMatcher, or null when the rule would have nothing to test.
Result<std::unique_ptr<TopicMatcher>> OptionalMatcher(TopicRule rule) {
  if (rule.keywords.empty() && rule.regexes.empty() && rule.languages.empty() && rule.min_words == 0)
    return std::unique_ptr<TopicMatcher>();
  rule.name = kRuleName;
  return TopicMatcher::Create({std::move(rule)});
}

std::string Fingerprint(const TopicMatcher* include, const TopicMatcher* exclude,
                        const std::map<int64_t, std::vector<std::string>>& sections) {
  std::string all = kFocusSemanticsVersion;
  for (const TopicMatcher* m : {include, exclude}) all += '\x1d' + (m ? m->fingerprint() : std::string());
  for (const auto& [source_id, prefixes] : sections) {
    all += '\x1d' + std::to_string(source_id);
    for (const std::string& p : prefixes) all += '\x1f' + p;
  }
  return Sha256Hex(all);
}

bool InSections(const std::vector<std::string>& prefixes, std::string_view url) {
  auto parts = ParseHttpUrl(url);
  if (!parts.ok()) return false;
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return parts->path.rfind(p, 0) == 0; });
}

}  // namespace

Result<std::unique_ptr<FocusMatcher>> FocusMatcher::Create(FocusRule rule) {
  if (Status valid = CheckRule(rule); !valid.ok()) return valid.error();
  // Sources that list no sections keep every path: dropping them makes an
  // empty list and an absent one the same rule (and fingerprint).
  std::erase_if(rule.sections, [](const auto& entry) { return entry.second.empty(); });
  TopicRule include;
  include.keywords = rule.keywords;
  include.regexes = rule.regexes;
  include.languages = rule.languages;
  include.min_words = rule.min_words;
  TopicRule exclude;
  exclude.keywords = rule.exclude_keywords;
  exclude.regexes = rule.exclude_regexes;
  auto include_matcher = OptionalMatcher(std::move(include));
  if (!include_matcher.ok()) return include_matcher.error();
  auto exclude_matcher = OptionalMatcher(std::move(exclude));
  if (!exclude_matcher.ok()) return exclude_matcher.error();
  std::string fingerprint = Fingerprint(include_matcher->get(), exclude_matcher->get(), rule.sections);
  return std::unique_ptr<FocusMatcher>(new FocusMatcher(std::move(rule), std::move(*include_matcher),
                                                        std::move(*exclude_matcher), std::move(fingerprint)));
}

FocusMatcher::FocusMatcher(FocusRule rule, std::unique_ptr<TopicMatcher> include,
                           std::unique_ptr<TopicMatcher> exclude, std::string fingerprint)
    : rule_(std::move(rule)),
      include_(std::move(include)),
      exclude_(std::move(exclude)),
      fingerprint_(std::move(fingerprint)) {}

FocusMatcher::~FocusMatcher() = default;

bool FocusMatcher::TakesEverything() const { return !include_ && !exclude_ && rule_.sections.empty(); }

bool FocusMatcher::InFocus(const ArticleText& article, std::string_view url) const {
  if (auto sections = rule_.sections.find(article.source_id);
      sections != rule_.sections.end() && !InSections(sections->second, url))
    return false;
  if (include_ && include_->Match(article).empty()) return false;
  return !exclude_ || exclude_->Match(article).empty();
}

}  // namespace herald::topics
