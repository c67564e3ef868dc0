#include "extract/excerpt.h"

#include <gtest/gtest.h>

#include <string>

#include "common/strings.h"

namespace herald::extract {
namespace {

TEST(ExcerptTest, ShortTextIsKeptWhole) {
  EXPECT_EQ(MakeExcerpt("  A short   summary. "), "A short summary.");
}

TEST(ExcerptTest, EndsAtSentenceAfter120CodePoints) {
  std::string first(130, 'a');
  first = "Word " + first + ".";  // one long sentence past 120 code points
  std::string text = first + " Second sentence goes on and on " + std::string(300, 'b');
  EXPECT_EQ(MakeExcerpt(text), first);
}

TEST(ExcerptTest, NeverCutsMidWord) {
  std::string text;
  while (CodePointCount(text) < 400) text += "contribution industries economic ";
  std::string excerpt = MakeExcerpt(text);
  EXPECT_LE(CodePointCount(excerpt), 300u);
  ASSERT_TRUE(excerpt.ends_with("…"));
  std::string body = excerpt.substr(0, excerpt.size() - std::string("…").size());
  EXPECT_TRUE(body.ends_with("contribution") || body.ends_with("industries") ||
              body.ends_with("economic"))
      << excerpt;
}

TEST(ExcerptTest, EarlySentenceEndIsNotUsed) {
  std::string text = "Short start. " ;
  while (CodePointCount(text) < 400) text += "then many words without any full stop ";
  std::string excerpt = MakeExcerpt(text);
  EXPECT_TRUE(excerpt.ends_with("…")) << excerpt;
  EXPECT_GT(CodePointCount(excerpt), 250u);
}

TEST(ExcerptTest, ChineseCutsAtWordBoundary) {
  std::string text;
  while (CodePointCount(text) < 400) text += "新经济行业在九月占中国整体经济投入的百分之三十一点二，";
  std::string excerpt = MakeExcerpt(text);
  EXPECT_LE(CodePointCount(excerpt), 300u);
  EXPECT_TRUE(excerpt.ends_with("…"));
  EXPECT_EQ(excerpt, ToValidUtf8(excerpt));
  std::string sentence = "新经济行业。";
  std::string cjk_sentences;
  while (CodePointCount(cjk_sentences) < 400) cjk_sentences += "新经济行业在九月占中国整体经济投入的百分之三十一点二。";
  std::string by_sentence = MakeExcerpt(cjk_sentences);
  EXPECT_TRUE(by_sentence.ends_with("。")) << by_sentence;
}

TEST(WordCountTest, LatinAndCjk) {
  EXPECT_EQ(CountWords("Hello, world! It's 2025."), 4);
  EXPECT_EQ(CountWords(""), 0);
  int chinese = CountWords("新经济行业在九月占中国整体经济投入");
  EXPECT_GE(chinese, 5);
  EXPECT_LE(chinese, 17);
  EXPECT_EQ(ReadingTimeMinutes(0), 0);
  EXPECT_EQ(ReadingTimeMinutes(10), 1);
  EXPECT_EQ(ReadingTimeMinutes(1150), 5);
}

}  // namespace
}  // namespace herald::extract
