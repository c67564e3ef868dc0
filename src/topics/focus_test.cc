// The site focus rule: include and exclude terms, languages, length, source
// sections, validation naming the [focus] key, and hostile input.
#include "topics/focus.h"

#include <gtest/gtest.h>

namespace herald::topics {
namespace {

std::unique_ptr<FocusMatcher> Make(FocusRule rule) {
  auto m = FocusMatcher::Create(std::move(rule));
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.message());
  return m.ok() ? std::move(*m) : nullptr;
}

std::string ErrorOf(FocusRule rule) {
  auto m = FocusMatcher::Create(std::move(rule));
  return m.ok() ? "" : m.message();
}

ArticleText Text(std::string title, std::string text = "", std::string language = "en", int64_t source_id = 1) {
  return ArticleText{std::move(title), std::move(text), std::move(language), source_id, "", -1};
}

constexpr char kUrl[] = "https://news.example/world/asia/typhoon";

TEST(FocusTest, AnEmptyRuleTakesEverything) {
  auto m = Make({});
  EXPECT_TRUE(m->TakesEverything());
  EXPECT_TRUE(m->InFocus(Text(""), ""));
  EXPECT_TRUE(m->InFocus(Text("Anything"), "not a url"));
}

TEST(FocusTest, ExcludeTermsAloneVetoOnlyTheirArticles) {
  FocusRule rule;
  rule.exclude_keywords = {"celebrity"};
  rule.exclude_regexes = {R"(\bhoroscope)"};
  auto m = Make(rule);
  EXPECT_FALSE(m->TakesEverything());
  EXPECT_TRUE(m->InFocus(Text("Typhoon nears the coast"), kUrl));
  EXPECT_FALSE(m->InFocus(Text("CELEBRITY wedding"), kUrl));
  EXPECT_FALSE(m->InFocus(Text("Weekly", "Your horoscopes for May"), kUrl));
  EXPECT_TRUE(m->InFocus(Text("Celebrities"), kUrl));  // whole words, as topics match
}

TEST(FocusTest, IncludeTermsLanguagesAndLengthMustAllHold) {
  FocusRule rule;
  rule.keywords = {"typhoon", "台风"};
  rule.regexes = {R"(storm\s+surge)"};
  rule.languages = {"en", "zh"};
  rule.min_words = 3;
  auto m = Make(rule);
  // min_words counts the text (the title is not part of it).
  EXPECT_TRUE(m->InFocus(Text("Typhoon nears", "The coast is braced."), kUrl));
  EXPECT_TRUE(m->InFocus(Text("Warning", "a storm  surge is expected"), kUrl));
  EXPECT_TRUE(m->InFocus(Text("台风过境", "香港 学校 停课", "zh-CN"), kUrl));
  EXPECT_FALSE(m->InFocus(Text("Markets rally", "Shares rose again today."), kUrl));
  EXPECT_FALSE(m->InFocus(Text("Typhoon nears", "The coast is braced.", "fr"), kUrl));
  EXPECT_FALSE(m->InFocus(Text("Typhoon nears the coast", "Braced."), kUrl));  // one word < min_words
}

TEST(FocusTest, SectionsNarrowOnlyTheirSource) {
  FocusRule rule;
  rule.sections[1] = {"/world/asia/", "/weather/"};
  rule.sections[3] = {};  // listed without sections: every path
  auto m = Make(rule);
  EXPECT_TRUE(m->InFocus(Text("A", "", "en", 1), "https://news.example/world/asia/x"));
  EXPECT_TRUE(m->InFocus(Text("A", "", "en", 1), "https://news.example/weather/"));
  EXPECT_FALSE(m->InFocus(Text("A", "", "en", 1), "https://news.example/world/europe/x"));
  EXPECT_FALSE(m->InFocus(Text("A", "", "en", 1), "https://news.example/World/Asia/x"));  // paths are case-sensitive
  EXPECT_FALSE(m->InFocus(Text("A", "", "en", 1), "https://news.example/"));
  EXPECT_FALSE(m->InFocus(Text("A", "", "en", 1), "mailto:x@world/asia/"));
  EXPECT_FALSE(m->InFocus(Text("A", "", "en", 1), ""));
  EXPECT_TRUE(m->InFocus(Text("A", "", "en", 2), "https://other.example/sport/"));
  EXPECT_TRUE(m->InFocus(Text("A", "", "en", 3), "https://third.example/sport/"));
  // The query is not part of the path.
  EXPECT_FALSE(m->InFocus(Text("A", "", "en", 1), "https://news.example/sport?next=/world/asia/"));
}

TEST(FocusTest, FingerprintFollowsTheRuleAndIgnoresEmptySections) {
  FocusRule a;
  a.exclude_keywords = {"celebrity"};
  FocusRule b = a;
  b.sections[7] = {};
  FocusRule c = a;
  c.sections[7] = {"/news/"};
  FocusRule d;
  d.keywords = {"celebrity"};  // the same word, included instead of excluded
  EXPECT_EQ(Make(a)->fingerprint(), Make(b)->fingerprint());
  EXPECT_NE(Make(a)->fingerprint(), Make(c)->fingerprint());
  EXPECT_NE(Make(a)->fingerprint(), Make(d)->fingerprint());
  EXPECT_NE(Make(a)->fingerprint(), Make({})->fingerprint());
}

TEST(FocusTest, BadRulesNameTheKey) {
  FocusRule bad_regex;
  bad_regex.exclude_regexes = {"(unclosed"};
  EXPECT_EQ(ErrorOf(bad_regex).rfind("exclude_regexes: regex '(unclosed' is invalid", 0), 0u) << ErrorOf(bad_regex);
  FocusRule empty_keyword;
  empty_keyword.keywords = {"ok", "  "};
  EXPECT_EQ(ErrorOf(empty_keyword).rfind("keywords: keyword '  ' is empty", 0), 0u) << ErrorOf(empty_keyword);
  FocusRule empty_exclude;
  empty_exclude.exclude_keywords = {"*"};
  EXPECT_EQ(ErrorOf(empty_exclude).rfind("exclude_keywords: ", 0), 0u) << ErrorOf(empty_exclude);
  FocusRule empty_language;
  empty_language.languages = {""};
  EXPECT_EQ(ErrorOf(empty_language).rfind("languages: ", 0), 0u) << ErrorOf(empty_language);
  FocusRule negative;
  negative.min_words = -1;
  EXPECT_EQ(ErrorOf(negative).rfind("min_words ", 0), 0u) << ErrorOf(negative);
  FocusRule not_a_path;
  not_a_path.sections[1] = {"world/asia/"};
  EXPECT_EQ(ErrorOf(not_a_path).rfind("sections: 'world/asia/' is not a URL path", 0), 0u) << ErrorOf(not_a_path);
}

TEST(FocusTest, HostileInputNeitherHangsNorThrows) {
  FocusRule rule;
  rule.exclude_regexes = {"(a+)+$"};  // catastrophic backtracking: runs under ICU's step limit
  auto m = Make(rule);
  std::string text(30000, 'a');
  text += '!';
  EXPECT_TRUE(m->InFocus(Text("x", text), kUrl));  // over budget counts as no match: not vetoed
  std::string invalid_utf8 = "\xff\xfe typhoon \xc3";
  EXPECT_TRUE(m->InFocus(Text(invalid_utf8, invalid_utf8), std::string("https://x/\xff/")));
}

}  // namespace
}  // namespace herald::topics
