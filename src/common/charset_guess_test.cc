#include "common/charset_guess.h"

#include <gtest/gtest.h>

#include <unicode/ucnv.h>

#include <string>

namespace herald {
namespace {

// `utf8` re-encoded in `charset` with ICU.
std::string Encode(const std::string& utf8, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(n > 0 ? n : 0);
  return out;
}

const std::string kChinese =
    "<rss><channel><title>新聞</title><item><title>颱風樺加沙逼近香港，天文台發出十號風球</title>"
    "<description>颱風樺加沙今日下午逼近香港，天文台在下午二時發出十號颶風信號，學校停課，渡輪停航。"
    "市民應留在安全地方，遠離海旁。政府呼籲市民做好防風措施。</description></item></channel></rss>";

TEST(GuessCharset, LegacyChineseAndJapaneseEncodings) {
  EXPECT_EQ(GuessCharset(Encode(kChinese, "Big5")), "Big5");
  std::string japanese =
      "<rss><channel><item><title>台風が東京に接近、交通機関に大きな影響</title><description>"
      "気象庁によると、台風は今夜関東地方に最も接近する見込みで、鉄道各社は運転を見合わせると発表しました。"
      "</description></item></channel></rss>";
  std::string sjis = GuessCharset(Encode(japanese, "Shift_JIS"));
  EXPECT_EQ(sjis, "Shift_JIS");
  EXPECT_EQ(GuessCharset(Encode(japanese, "EUC-JP")), "EUC-JP");
}

TEST(GuessCharset, NeverWideWithoutABomAndEmptyForNothing) {
  EXPECT_EQ(GuessCharset(""), "");
  std::string guess = GuessCharset("<rss><channel><title>plain ascii</title></channel></rss>");
  EXPECT_EQ(guess.find("UTF-16"), std::string::npos);
  EXPECT_EQ(guess.find("UTF-32"), std::string::npos);
}

}  // namespace
}  // namespace herald
