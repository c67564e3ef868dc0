#include "story/numbers.h"

#include <gtest/gtest.h>

namespace herald::story {
namespace {

using Strings = std::vector<std::string>;

TEST(ExtractNumbers, CanonicalFormAcrossSpellingsAndScripts) {
  EXPECT_EQ(ExtractNumbers("1.1 million people"), Strings{"1100000"});
  EXPECT_EQ(ExtractNumbers("转移群众110万人"), Strings{"1100000"});
  EXPECT_EQ(ExtractNumbers("1,100,000 evacuated"), Strings{"1100000"});
  EXPECT_EQ(ExtractNumbers("3.5% / 3.5 per cent / 3.5 percent"), (Strings{"3.5", "3.5", "3.5"}));
  EXPECT_EQ(ExtractNumbers("募资216亿港元"), Strings{"21600000000"});
}

TEST(ExtractNumbers, NumberWordsAndOrdinals) {
  EXPECT_EQ(ExtractNumbers("Nine killed for a fourth month"), (Strings{"9", "4"}));
  EXPECT_EQ(ExtractNumbers("Someone"), Strings{});  // "one" inside a word is not a number
}

TEST(ExtractNumbers, SeparatorsAndDecimalsAreNotConfused) {
  EXPECT_EQ(ExtractNumbers("1,40 and 12,3456"), (Strings{"1", "40", "12", "3456"}));
  EXPECT_EQ(ExtractNumbers("version 1.2.3"), (Strings{"1.2", "3"}));
  EXPECT_EQ(ExtractNumbers("ends with 7."), Strings{"7"});
}

TEST(ExtractNumbers, HostileInputDoesNotCrash) {
  EXPECT_TRUE(ExtractNumbers("").empty());
  EXPECT_TRUE(ExtractNumbers(std::string(400, '9')).empty());  // beyond a double: not a quantity
  EXPECT_EQ(ExtractNumbers("\xff\xfe 5 \xe4\xb8").size(), 1u);
}

TEST(ExtractDates, EnglishGermanSpanishAndChinese) {
  EXPECT_EQ(ExtractDates("on September 24, 2025"), Strings{"9-24"});
  EXPECT_EQ(ExtractDates("from Nov 1 and Sept. 3"), (Strings{"11-1", "9-3"}));
  EXPECT_EQ(ExtractDates("am 24. September"), Strings{"9-24"});
  EXPECT_EQ(ExtractDates("el 24 de septiembre"), Strings{"9-24"});
  EXPECT_EQ(ExtractDates("中讯社广州9月24日电"), Strings{"9-24"});
}

TEST(ExtractDates, NotEveryNumberNearAMonthIsADate) {
  EXPECT_TRUE(ExtractDates("in May 2024").empty());
  EXPECT_TRUE(ExtractDates("13月40日").empty());
  EXPECT_TRUE(ExtractDates("at 2:40 p.m.").empty());
}

}  // namespace
}  // namespace herald::story
