#include "story/anchors.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace herald::story {
namespace {

bool Has(const std::vector<std::string>& anchors, const std::string& anchor) {
  return std::find(anchors.begin(), anchors.end(), anchor) != anchors.end();
}

// How many anchors two texts share (distinct).
size_t Shared(std::string_view a, std::string_view b) {
  std::vector<std::string> x = ExtractAnchors(a), y = ExtractAnchors(b);
  std::sort(x.begin(), x.end());
  x.erase(std::unique(x.begin(), x.end()), x.end());
  size_t shared = 0;
  for (const std::string& anchor : x) shared += Has(y, anchor);
  return shared;
}

TEST(RomanizedKey, HanBecomesTonelessPinyinLatinBecomesAscii) {
  EXPECT_EQ(RomanizedKey("沛岚"), "peilan");
  EXPECT_EQ(RomanizedKey("阳江"), "yangjiang");
  EXPECT_EQ(RomanizedKey("Südchina"), "sudchina");
  EXPECT_EQ(RomanizedKey(""), "");
}

TEST(ExtractAnchors, ChineseNamesMeetTheirEnglishSpelling) {
  std::vector<std::string> zh = ExtractAnchors("超强台风“沛岚”在广东阳江登陆");
  EXPECT_TRUE(Has(zh, "peilan"));
  EXPECT_TRUE(Has(zh, "yangjiang"));
  EXPECT_TRUE(Has(zh, "guangdong"));
  std::vector<std::string> en = ExtractAnchors("Super Typhoon Peilan made landfall in Yangjiang, Guangdong.");
  EXPECT_TRUE(Has(en, "peilan"));
  EXPECT_TRUE(Has(en, "yangjiang"));
}

TEST(ExtractAnchors, CountriesAndCitiesInAnyLanguageShareOneCode) {
  EXPECT_TRUE(Has(ExtractAnchors("菲律宾船只"), "@PH"));
  EXPECT_TRUE(Has(ExtractAnchors("the Philippines said"), "@PH"));
  EXPECT_TRUE(Has(ExtractAnchors("Die Philippinen"), "@PH"));
  EXPECT_EQ(Shared("香港", "in Hong Kong"), 1u);  // ICU's time zone city names
  EXPECT_EQ(Shared("中美维也纳经贸会谈", "talks in Vienna"), 1u);
  EXPECT_TRUE(Has(ExtractAnchors("US and China agree"), "@US"));
  // Sentence-initial words that spell a code are not countries.
  EXPECT_FALSE(Has(ExtractAnchors("It rained. In Manila, talks began."), "@IT"));
  EXPECT_FALSE(Has(ExtractAnchors("It rained. In Manila, talks began."), "@IN"));
  EXPECT_FALSE(Has(ExtractAnchors("Es war kalt."), "@ES"));
  EXPECT_TRUE(Has(ExtractAnchors("美国商务部"), "@US"));
  EXPECT_FALSE(Has(ExtractAnchors("Xy and Us"), "@XY"));
}

TEST(ExtractAnchors, NumbersAndDatesAreAnchors) {
  EXPECT_GE(Shared("9月24日，转移群众41万户", "On September 24, 410,000 households"), 2u);
}

TEST(ExtractAnchors, LowercaseEnglishVocabularyIsNotAnAnchor) {
  std::vector<std::string> en = ExtractAnchors("the storm made landfall");
  EXPECT_TRUE(en.empty());
}

TEST(ExtractAnchors, AcronymsInChineseTextAreAnchors) {
  EXPECT_TRUE(Has(ExtractAnchors("9月LPR报价出炉"), "lpr"));
  EXPECT_TRUE(Has(ExtractAnchors("The loan prime rate (LPR) was kept"), "lpr"));
}

TEST(ExtractAnchors, HostileInputDoesNotCrash) {
  EXPECT_TRUE(ExtractAnchors("").empty());
  ExtractAnchors("\xff\xfe\xe4\xb8 \xc3");
  ExtractAnchors(std::string(20000, 'A'));
  ExtractAnchors(std::string(3000, '\xe4'));
}

}  // namespace
}  // namespace herald::story
