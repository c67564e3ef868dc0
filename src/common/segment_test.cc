#include "common/segment.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace herald {
namespace {

bool Has(const std::vector<std::string>& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

TEST(Segment, EnglishWordsAreFoldedAndPunctuationDropped) {
  EXPECT_EQ(WordTokens("Arctic thaw: China's polar AMBITIONS, 2025!"),
            (std::vector<std::string>{"arctic", "thaw", "china's", "polar", "ambitions", "2025"}));
}

TEST(Segment, ChineseTextSplitsIntoDictionaryWords) {
  auto words = WordTokens("超强台风登陆广东，中国气象局发布红色预警。");
  EXPECT_TRUE(Has(words, "台风")) << SegmentForIndex("超强台风登陆广东，中国气象局发布红色预警。");
  EXPECT_TRUE(Has(words, "广东"));
  EXPECT_FALSE(Has(words, "，"));
}

TEST(Segment, JapaneseAndMixedText) {
  auto ja = WordTokens("北極海航路の利用が過去最多になった");
  EXPECT_GE(ja.size(), 4u);
  auto mixed = WordTokens("中国AI机器人 robots");
  EXPECT_TRUE(Has(mixed, "ai"));
  EXPECT_TRUE(Has(mixed, "robots"));
}

TEST(Segment, FullWidthFormsFoldToAscii) {
  EXPECT_EQ(SegmentForIndex("ＡＢＣ　１２３"), "abc 123");
}

TEST(Segment, SearchWordsDropLatinDiacriticsOnly) {
  EXPECT_EQ(SearchWords("Café Ñandú NGUYỄN Øre Straße"),
            (std::vector<std::string>{"cafe", "nandu", "nguyen", "øre", "strasse"}));
  // A combining mark after a Latin letter goes too ("e" + U+0331).
  EXPECT_EQ(SearchWords("ke\xCC\xB1y"), (std::vector<std::string>{"key"}));
  // Other scripts keep their marks: Japanese voiced kana, Greek, Cyrillic.
  EXPECT_EQ(SearchWords("が"), (std::vector<std::string>{"が"}));
  EXPECT_EQ(SearchWords("ά й"), (std::vector<std::string>{"ά", "й"}));
  EXPECT_EQ(SearchWords("台风 robots"), WordTokens("台风 robots"));
  EXPECT_EQ(SegmentForIndex("Café society"), "cafe society");
}

TEST(Segment, EmptyAndInvalidInput) {
  EXPECT_TRUE(WordTokens("").empty());
  EXPECT_EQ(SegmentForIndex("  ,,, "), "");
  EXPECT_NO_FATAL_FAILURE(WordTokens("\xff\xfe abc"));
}

}  // namespace
}  // namespace herald
