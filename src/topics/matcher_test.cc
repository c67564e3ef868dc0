#include "topics/matcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace herald::topics {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::unique_ptr<TopicMatcher> Make(std::vector<TopicRule> rules) {
  auto m = TopicMatcher::Create(std::move(rules));
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.message());
  return m.ok() ? std::move(*m) : nullptr;
}

TopicRule Keywords(std::string name, std::vector<std::string> keywords) {
  TopicRule r;
  r.name = std::move(name);
  r.keywords = std::move(keywords);
  return r;
}

ArticleText Text(std::string title, std::string text = "", std::string language = "en") {
  ArticleText a;
  a.title = std::move(title);
  a.text = std::move(text);
  a.language = std::move(language);
  return a;
}

TEST(TopicMatcherTest, LatinKeywordsMatchWholeWordsIgnoringCase) {
  auto m = Make({Keywords("ai", {"AI"}), Keywords("taiwan", {"Taiwan"})});
  EXPECT_THAT(m->Match(Text("The AI boom")), ElementsAre("ai"));
  EXPECT_THAT(m->Match(Text("", "new rules for ai, say regulators")), ElementsAre("ai"));
  EXPECT_THAT(m->Match(Text("He said it again", "AIDS research; a fair deal; Thailand")), IsEmpty());
  EXPECT_THAT(m->Match(Text("Taiwanese chip makers")), IsEmpty());
  EXPECT_THAT(m->Match(Text("Typhoon nears TAIWAN.")), ElementsAre("taiwan"));
}

TEST(TopicMatcherTest, TrailingStarMatchesAPrefix) {
  auto m = Make({Keywords("elections", {"elect*"})});
  EXPECT_THAT(m->Match(Text("Elections in May")), ElementsAre("elections"));
  EXPECT_THAT(m->Match(Text("The electorate speaks")), ElementsAre("elections"));
  EXPECT_THAT(m->Match(Text("Selected works")), IsEmpty());  // still bounded at the start
}

TEST(TopicMatcherTest, FoldsFullWidthAndUnicodeCase) {
  auto m = Make({Keywords("ai", {"ai"}), Keywords("street", {"STRASSE"})});
  EXPECT_THAT(m->Match(Text("ＡＩ 新政")), ElementsAre("ai"));  // full-width letters
  EXPECT_THAT(m->Match(Text("Die Hauptstraße ist gesperrt", "Hauptstraße Straße")), ElementsAre("street"));
}

TEST(TopicMatcherTest, ChineseKeywordsMatchInsideUnspacedText) {
  auto m = Make({Keywords("typhoon", {"台风"}), Keywords("ai", {"AI"})});
  EXPECT_THAT(m->Match(Text("台风过境，多地停课", "", "zh")), ElementsAre("typhoon"));
  EXPECT_THAT(m->Match(Text("", "专家称用AI写作将成常态", "zh")), ElementsAre("ai"));
  EXPECT_THAT(m->Match(Text("台湾地区天气晴", "", "zh")), IsEmpty());
}

TEST(TopicMatcherTest, JapaneseAndMixedKeywords) {
  auto m = Make({Keywords("quake", {"地震"}), Keywords("chips", {"半導体"}), Keywords("iphone", {"iPhone"})});
  EXPECT_THAT(m->Match(Text("北海道で地震、津波の心配なし", "", "ja")), ElementsAre("quake"));
  EXPECT_THAT(m->Match(Text("半導体メーカーが新工場", "", "ja")), ElementsAre("chips"));
  EXPECT_THAT(m->Match(Text("新型iPhoneを発表", "", "ja")), ElementsAre("iphone"));
  EXPECT_THAT(m->Match(Text("iPhones sold out")), IsEmpty());
}

TEST(TopicMatcherTest, ExcludesVetoAMatch) {
  TopicRule r = Keywords("football", {"football"});
  r.exclude_keywords = {"fantasy"};
  r.exclude_regexes = {R"(\bamerican\s+football\b)"};
  auto m = Make({r});
  EXPECT_THAT(m->Match(Text("Football: cup final tonight")), ElementsAre("football"));
  EXPECT_THAT(m->Match(Text("Fantasy football tips")), IsEmpty());
  EXPECT_THAT(m->Match(Text("American  Football league grows")), IsEmpty());
}

TEST(TopicMatcherTest, RegexesAreCaseInsensitiveAndCompiledOnce) {
  TopicRule r;
  r.name = "rates";
  r.regexes = {R"(\binterest rates?\b)", "利率"};
  auto m = Make({r});
  EXPECT_THAT(m->Match(Text("Central bank holds INTEREST RATE")), ElementsAre("rates"));
  EXPECT_THAT(m->Match(Text("央行宣布下调利率", "", "zh")), ElementsAre("rates"));
  EXPECT_THAT(m->Match(Text("Disinterest ratings")), IsEmpty());
}

TEST(TopicMatcherTest, LanguageSourceAndLengthNarrowARule) {
  TopicRule r = Keywords("local", {"flood"});
  r.languages = {"en"};
  r.sources = {"7", "Harbor Times"};
  r.min_words = 3;
  auto m = Make({r});
  ArticleText a = Text("Flood warning", "Rivers rise across the valley", "en-GB");
  a.source_id = 7;
  EXPECT_THAT(m->Match(a), ElementsAre("local"));
  a.source_id = 8;
  EXPECT_THAT(m->Match(a), IsEmpty());
  a.source_name = "harbor times";  // names compare folded
  EXPECT_THAT(m->Match(a), ElementsAre("local"));
  a.language = "fr";
  EXPECT_THAT(m->Match(a), IsEmpty());
  a.language = "en";
  a.text = "Short";
  EXPECT_THAT(m->Match(a), IsEmpty());  // one word < min_words
  a.word_count = 400;  // the stored count wins over counting
  EXPECT_THAT(m->Match(a), ElementsAre("local"));
}

TEST(TopicMatcherTest, LanguageAloneMakesATopic) {
  TopicRule r;
  r.name = "chinese";
  r.languages = {"zh"};
  auto m = Make({r});
  EXPECT_THAT(m->Match(Text("x", "", "zh-TW")), ElementsAre("chinese"));
  EXPECT_THAT(m->Match(Text("x", "", "zha")), IsEmpty());
}

TEST(TopicMatcherTest, ResultsFollowRuleOrder) {
  auto m = Make({Keywords("b", {"beta"}), Keywords("a", {"alpha"})});
  EXPECT_THAT(m->Match(Text("alpha and beta")), ElementsAre("b", "a"));
}

TEST(TopicMatcherTest, RejectsBadRulesWithClearMessages) {
  auto error_of = [](TopicRule r) {
    auto m = TopicMatcher::Create({std::move(r)});
    return m.ok() ? std::string("ok") : m.message();
  };
  TopicRule bad_regex = Keywords("x", {});
  bad_regex.regexes = {"(unclosed"};
  EXPECT_NE(error_of(bad_regex).find("topic 'x': regex '(unclosed' is invalid"), std::string::npos);
  EXPECT_NE(error_of(Keywords("Bad Name", {"a"})).find("not usable in a URL"), std::string::npos);
  EXPECT_NE(error_of(Keywords("", {"a"})).find("not usable in a URL"), std::string::npos);
  EXPECT_NE(error_of(Keywords("x", {"  "})).find("is empty"), std::string::npos);
  EXPECT_NE(error_of(Keywords("x", {"*"})).find("is empty"), std::string::npos);
  EXPECT_NE(error_of(Keywords("x", {})).find("would take every article"), std::string::npos);
  TopicRule negative = Keywords("x", {"a"});
  negative.min_words = -1;
  EXPECT_NE(error_of(negative).find("min_words"), std::string::npos);
  auto twice = TopicMatcher::Create({Keywords("x", {"a"}), Keywords("x", {"b"})});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.message().find("defined twice"), std::string::npos);
}

TEST(TopicMatcherTest, CatastrophicRegexGivesUpInsteadOfHanging) {
  TopicRule r;
  r.name = "evil";
  r.regexes = {"(a+)+$", "(x|xx)+y"};
  auto m = Make({r});
  // Exponential for a backtracking engine; the step limit stops it.
  std::string text(5000, 'a');
  text += "!";
  EXPECT_THAT(m->Match(Text("", text)), IsEmpty());
  EXPECT_THAT(m->Match(Text("", std::string(100000, 'x'))), IsEmpty());
}

TEST(TopicMatcherTest, HostileInputIsHarmless) {
  TopicRule r = Keywords("k", {"key"});
  r.regexes = {"^.*end$"};
  auto m = Make({r});
  std::string invalid_utf8 = "\xff\xfe key \xc3";
  EXPECT_THAT(m->Match(Text(invalid_utf8)), ElementsAre("k"));
  std::string huge(3'000'000, 'z');
  EXPECT_THAT(m->Match(Text("", huge + " end")), IsEmpty());  // the regex reads a bounded prefix
  EXPECT_THAT(m->Match(Text("", huge + " key")), ElementsAre("k"));  // keywords read everything
  EXPECT_THAT(m->Match(Text(std::string("ke\0y", 4))), IsEmpty());
}

TEST(TopicMatcherTest, FingerprintFollowsTheRules) {
  auto a = Make({Keywords("x", {"a"})});
  auto same = Make({Keywords("x", {"a"})});
  auto other = Make({Keywords("x", {"b"})});
  auto empty = Make({});
  EXPECT_EQ(a->fingerprint(), same->fingerprint());
  EXPECT_NE(a->fingerprint(), other->fingerprint());
  EXPECT_NE(a->fingerprint(), empty->fingerprint());
  EXPECT_THAT(empty->Match(Text("anything")), IsEmpty());
  EXPECT_EQ(a->rules()[0].title, "x");  // title defaults to the name
}

}  // namespace
}  // namespace herald::topics
