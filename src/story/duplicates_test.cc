#include "story/duplicates.h"

#include <gtest/gtest.h>

namespace herald::story {
namespace {

// A wire story written for these tests, and its monthly template twin.
const char* kWire =
    "SHANGHAI (Test Wire) - The central bank left its benchmark lending rate unchanged for a fourth straight "
    "month on Monday, in line with expectations, as policymakers held back from fresh easing.\n\n"
    "The one-year rate was kept at 3.0%, while the five-year rate was unchanged at 3.5%. Most new loans are "
    "based on the one-year rate, while the five-year rate guides the pricing of mortgages.\n\n"
    "All 26 economists in a Test Wire poll had expected both rates to be left unchanged. The bank last cut "
    "the rates by 10 basis points in May.\n\n"
    "Data last week showed industrial output and retail sales in August grew at their slowest pace this year, "
    "and new home prices fell for a 27th month.";

const char* kNextMonth =
    "SHANGHAI (Test Wire) - The central bank left its benchmark lending rate unchanged for a fifth straight "
    "month on Monday, in line with expectations, as policymakers held back from fresh easing.\n\n"
    "The one-year rate was kept at 3.0%, while the five-year rate was unchanged at 3.5%. Most new loans are "
    "based on the one-year rate, while the five-year rate guides the pricing of mortgages.\n\n"
    "All 24 economists in a Test Wire poll had expected both rates to be left unchanged. The bank last cut "
    "the rates by 10 basis points in May.\n\n"
    "Data on Monday showed the economy grew 4.8% in the third quarter, while industrial output in September "
    "beat forecasts, and new home prices fell for a 28th month.";

ArticleFeatures Features(std::string_view text, std::string_view language = "en") {
  return ComputeFeatures("any headline", text, language);
}

TEST(Duplicates, ExactCopyWithOtherHeadlineAndQuotes) {
  std::string copy = kWire;
  EXPECT_TRUE(CompareForDuplicate(Features(kWire), ComputeFeatures("New headline", copy, "en")).duplicate);
}

TEST(Duplicates, CutCopyWithLocalIntroAndBoilerplate) {
  std::string wire = kWire;
  std::string copy = "Readers in our city will feel this too.\n\n" + wire.substr(0, wire.find("All 26")) +
                     "This article originally appeared on Test Wire.";
  DuplicateVerdict verdict = CompareForDuplicate(Features(kWire), Features(copy));
  EXPECT_TRUE(verdict.duplicate) << verdict.containment;
  EXPECT_EQ(verdict.numbers_disagreeing, 0);
}

TEST(Duplicates, HouseStyleEditsStillACopy) {
  std::string copy = kWire;
  for (auto [from, to] : {std::pair<std::string, std::string>{"3.0%", "3.0 per cent"}, {"3.5%", "3.5 per cent"},
                          {"(Test Wire) -", "-"}}) {
    copy.replace(copy.find(from), from.size(), to);
  }
  EXPECT_TRUE(CompareForDuplicate(Features(kWire), Features(copy)).duplicate);
}

TEST(Duplicates, TemplateTwinIsNotACopy) {
  DuplicateVerdict verdict = CompareForDuplicate(Features(kWire), Features(kNextMonth));
  EXPECT_GT(verdict.containment, 0.5);  // the text alone would call it a copy
  EXPECT_GT(verdict.numbers_disagreeing, 0);
  EXPECT_FALSE(verdict.duplicate);
}

TEST(Duplicates, RewriteOfTheSameEventIsNotACopy) {
  const char* rewrite =
      "Borrowing costs stayed where they were this month: the central bank kept its one-year rate at 3.0% "
      "and its five-year rate at 3.5%, as every economist polled had predicted.";
  EXPECT_FALSE(CompareForDuplicate(Features(kWire), Features(rewrite)).duplicate);
}

TEST(Duplicates, ChineseCopyWithSourceLine) {
  const char* zh =
      "9月22日，全国银行间同业拆借中心公布，9月贷款市场报价利率为：1年期为3.0%，5年期以上为3.5%，均与上月持平。"
      "这是连续第四个月保持不变。\n\n业内人士表示，本月报价符合市场预期，政策利率保持稳定，报价基础未发生变化。";
  std::string copy = std::string(zh) + "\n\n来源：新京财经 责任编辑：王明";
  std::string twin = zh;
  twin.replace(twin.find("9月22日"), std::string("9月22日").size(), "10月20日");
  twin.replace(twin.find("9月贷款"), std::string("9月贷款").size(), "10月贷款");
  EXPECT_TRUE(CompareForDuplicate(Features(zh, "zh"), Features(copy, "zh")).duplicate);
  EXPECT_FALSE(CompareForDuplicate(Features(zh, "zh"), Features(twin, "zh")).duplicate);
}

TEST(Duplicates, TranslationIsNeverACopy) {
  EXPECT_FALSE(CompareForDuplicate(Features(kWire, "en"), Features(kWire, "de")).duplicate);
}

TEST(Duplicates, EmptyTextsAreNotCopiesOfEachOther) {
  EXPECT_FALSE(CompareForDuplicate(Features(""), Features("")).duplicate);
}

}  // namespace
}  // namespace herald::story
