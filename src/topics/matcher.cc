#include "topics/matcher.h"

#include <unicode/normalizer2.h>
#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <optional>
#include <set>

#include "common/segment.h"
#include "common/strings.h"

namespace herald::topics {
namespace {

// Bumped when matching semantics change, so stored memberships are redone.
constexpr char kSemanticsVersion[] = "topics-1";
// ICU's unit is "on the order of milliseconds" of match steps; deterministic,
// and ample for sane patterns over a long article.
constexpr int32_t kRegexTimeLimit = 200;
constexpr int32_t kRegexStackBytes = 1 << 20;

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

icu::UnicodeString Fold(std::string_view s) {
  icu::UnicodeString text = FromUtf8(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return text.foldCase();
  icu::UnicodeString out = fold->normalize(text, status);
  return U_SUCCESS(status) ? out : text.foldCase();
}

// Scripts written without spaces between words: a keyword there is found
// inside longer runs of text.
bool IsUnspacedScript(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_HANGUL:
    case USCRIPT_THAI: case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

// A character that continues a word of a spaced script.
bool IsSpacedWordChar(UChar32 c) {
  return (u_isalnum(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK) &&
         !IsUnspacedScript(c);
}

struct Keyword {
  icu::UnicodeString folded;
  bool bounded_start = true;  // needs a word boundary before it
  bool bounded_end = true;    // ... and after it (false: "elect*" prefix)
};

Result<Keyword> CompileKeyword(const std::string& topic, const std::string& raw) {
  std::string text(Trim(raw));
  bool prefix = !text.empty() && text.back() == '*';
  if (prefix) text.pop_back();
  Keyword k;
  k.folded = Fold(Trim(text));
  if (k.folded.trim().isEmpty()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "topic '" + topic + "': keyword '" + raw + "' is empty; remove it or write a word");
  }
  k.bounded_start = !IsUnspacedScript(k.folded.char32At(0));
  k.bounded_end = !prefix && !IsUnspacedScript(k.folded.char32At(k.folded.moveIndex32(k.folded.length(), -1)));
  return k;
}

bool FindKeyword(const icu::UnicodeString& text, const Keyword& k) {
  for (int32_t at = text.indexOf(k.folded); at >= 0; at = text.indexOf(k.folded, at + 1)) {
    int32_t end = at + k.folded.length();
    if (k.bounded_start && at > 0 && IsSpacedWordChar(text.char32At(text.moveIndex32(at, -1)))) continue;
    if (k.bounded_end && end < text.length() && IsSpacedWordChar(text.char32At(end))) continue;
    return true;
  }
  return false;
}

Result<std::unique_ptr<icu::RegexPattern>> CompileRegex(const std::string& topic, const std::string& pattern) {
  UParseError where{};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexPattern> compiled(
      icu::RegexPattern::compile(FromUtf8(pattern), UREGEX_CASE_INSENSITIVE, where, status));
  if (U_FAILURE(status) || !compiled) {
    return MakeError(ErrorKind::kInvalidInput, "topic '" + topic + "': regex '" + pattern + "' is invalid (" +
                                                   u_errorName(status) + " at offset " +
                                                   std::to_string(where.offset) + "); fix it (ICU regex syntax)");
  }
  return compiled;
}

// false also when the pattern exceeds its step or stack budget.
bool FindRegex(const icu::RegexPattern& pattern, const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> m(pattern.matcher(text, status));
  if (U_FAILURE(status) || !m) return false;
  m->setTimeLimit(kRegexTimeLimit, status);
  m->setStackLimit(kRegexStackBytes, status);
  if (U_FAILURE(status)) return false;
  bool found = m->find(status);
  return U_SUCCESS(status) && found;
}

bool IsTopicName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

bool IsDigits(const std::string& s) {
  return !s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string::npos;
}

// "zh" takes "zh", "zh-TW" and "zh_Hant"; compared folded.
bool LanguageMatches(const std::string& wanted, const std::string& language) {
  if (language.size() < wanted.size() || language.compare(0, wanted.size(), wanted) != 0) return false;
  return language.size() == wanted.size() || language[wanted.size()] == '-' || language[wanted.size()] == '_';
}

void AppendList(std::string* out, const std::vector<std::string>& items) {
  for (const std::string& s : items) *out += s + '\x1f';
  *out += '\x1e';
}

std::string Fingerprint(const std::vector<TopicRule>& rules) {
  std::string all = kSemanticsVersion;
  for (const TopicRule& r : rules) {
    all += '\x1d' + r.name + '\x1f' + r.title + '\x1f' + std::to_string(r.min_words) + '\x1e';
    for (const auto* list : {&r.keywords, &r.exclude_keywords, &r.regexes, &r.exclude_regexes, &r.languages,
                             &r.sources})
      AppendList(&all, *list);
  }
  return Sha256Hex(all);
}

}  // namespace

struct TopicMatcher::Compiled {
  std::vector<Keyword> keywords, exclude_keywords;
  std::vector<std::unique_ptr<icu::RegexPattern>> regexes, exclude_regexes;
  std::vector<std::string> languages;      // folded
  std::set<int64_t> source_ids;
  std::vector<icu::UnicodeString> source_names;  // folded
  bool has_include = false;                // keywords or regexes given
};

namespace {

template <typename T, typename Compile>
Status CompileAll(const std::vector<std::string>& items, std::vector<T>* out, Compile compile) {
  for (const std::string& item : items) {
    auto compiled = compile(item);
    if (!compiled.ok()) return compiled.error();
    out->push_back(std::move(*compiled));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<TopicMatcher>> TopicMatcher::Create(std::vector<TopicRule> rules) {
  std::vector<Compiled> compiled;
  std::set<std::string> names;
  for (TopicRule& rule : rules) {
    const std::string& name = rule.name;
    if (!IsTopicName(name)) {
      return MakeError(ErrorKind::kInvalidInput, "topic name '" + name +
                                                     "' is not usable in a URL; use 1-64 of a-z, 0-9, '-' and '_'");
    }
    if (!names.insert(name).second)
      return MakeError(ErrorKind::kInvalidInput, "topic '" + name + "' is defined twice; rename one");
    if (rule.min_words < 0)
      return MakeError(ErrorKind::kInvalidInput, "topic '" + name + "': min_words must not be negative");
    if (rule.title.empty()) rule.title = name;
    Compiled c;
    auto keyword = [&](const std::string& k) { return CompileKeyword(name, k); };
    auto regex = [&](const std::string& p) { return CompileRegex(name, p); };
    for (Status s : {CompileAll(rule.keywords, &c.keywords, keyword),
                     CompileAll(rule.exclude_keywords, &c.exclude_keywords, keyword),
                     CompileAll(rule.regexes, &c.regexes, regex),
                     CompileAll(rule.exclude_regexes, &c.exclude_regexes, regex)}) {
      if (!s.ok()) return s.error();
    }
    for (const std::string& language : rule.languages) {
      std::string folded = ToLowerAscii(Trim(language));
      if (folded.empty())
        return MakeError(ErrorKind::kInvalidInput, "topic '" + name + "': an empty language; remove it");
      c.languages.push_back(folded);
    }
    for (const std::string& source : rule.sources) {
      std::string trimmed(Trim(source));
      if (trimmed.empty())
        return MakeError(ErrorKind::kInvalidInput, "topic '" + name + "': an empty source; remove it");
      if (IsDigits(trimmed)) c.source_ids.insert(std::stoll(trimmed));
      else c.source_names.push_back(Fold(trimmed));
    }
    c.has_include = !c.keywords.empty() || !c.regexes.empty();
    if (!c.has_include && c.languages.empty() && rule.sources.empty() && rule.min_words == 0) {
      return MakeError(ErrorKind::kInvalidInput,
                       "topic '" + name + "' has no keywords, regexes, languages, sources or min_words, so it "
                                          "would take every article; add at least one");
    }
    compiled.push_back(std::move(c));
  }
  std::string fingerprint = Fingerprint(rules);
  return std::unique_ptr<TopicMatcher>(new TopicMatcher(std::move(rules), std::move(compiled), std::move(fingerprint)));
}

TopicMatcher::TopicMatcher(std::vector<TopicRule> rules, std::vector<Compiled> compiled, std::string fingerprint)
    : rules_(std::move(rules)), compiled_(std::move(compiled)), fingerprint_(std::move(fingerprint)) {}

TopicMatcher::~TopicMatcher() = default;

std::vector<std::string> TopicMatcher::Match(const ArticleText& article) const {
  std::vector<std::string> names;
  if (rules_.empty()) return names;
  const std::string body = article.title + "\n" + article.text;
  // Computed once, only when some rule needs them.
  std::optional<icu::UnicodeString> folded, raw;
  std::optional<int> words;
  const std::string language = ToLowerAscii(Trim(article.language));
  const icu::UnicodeString source_name = Fold(article.source_name);

  auto folded_text = [&]() -> const icu::UnicodeString& {
    if (!folded) folded = Fold(body);
    return *folded;
  };
  auto regex_text = [&]() -> const icu::UnicodeString& {
    if (!raw) {
      raw = FromUtf8(body);
      raw->truncate(kMaxRegexInput);  // hostile-input guard (see header)
    }
    return *raw;
  };
  auto any_keyword = [&](const std::vector<Keyword>& list) {
    for (const Keyword& k : list)
      if (FindKeyword(folded_text(), k)) return true;
    return false;
  };
  auto any_regex = [&](const std::vector<std::unique_ptr<icu::RegexPattern>>& list) {
    for (const auto& p : list)
      if (FindRegex(*p, regex_text())) return true;
    return false;
  };

  for (size_t i = 0; i < rules_.size(); ++i) {
    const TopicRule& rule = rules_[i];
    const Compiled& c = compiled_[i];
    if (!c.languages.empty()) {
      bool ok = false;
      for (const std::string& wanted : c.languages) ok = ok || LanguageMatches(wanted, language);
      if (!ok) continue;
    }
    if (!c.source_ids.empty() || !c.source_names.empty()) {
      bool ok = c.source_ids.count(article.source_id) > 0;
      for (const auto& n : c.source_names) ok = ok || n == source_name;
      if (!ok) continue;
    }
    if (rule.min_words > 0) {
      if (!words) words = article.word_count >= 0 ? article.word_count : static_cast<int>(WordTokens(article.text).size());
      if (*words < rule.min_words) continue;
    }
    if (c.has_include && !any_keyword(c.keywords) && !any_regex(c.regexes)) continue;
    if (any_keyword(c.exclude_keywords) || any_regex(c.exclude_regexes)) continue;
    names.push_back(rule.name);
  }
  return names;
}

}  // namespace herald::topics
