#include "extract/charset.h"

#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include <string>

#include "common/strings.h"
#include "extract/extract.h"

namespace herald::extract {
namespace {

// `utf8` encoded in `charset` with ICU, as a publisher's server would send it.
std::string Encode(const std::string& utf8, const char* charset) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
  std::string out(static_cast<size_t>(text.length()) * 4 + 16, '\0');
  int32_t n = text.extract(0, text.length(), out.data(), static_cast<uint32_t>(out.size()), charset);
  out.resize(static_cast<size_t>(n));
  return out;
}

constexpr char kChinese[] = "新经济行业在九月占中国整体经济投入的百分之三十一点二。";

TEST(CharsetTest, GbkPageDeclaredInMeta) {
  std::string html = "<html><head><meta charset=\"gbk\"></head><body><p>" + std::string(kChinese) +
                     "</p></body></html>";
  std::string bytes = Encode(html, "GBK");
  ASSERT_NE(bytes, html);
  EXPECT_EQ(DetectCharset(bytes, ""), "GB18030");
  EXPECT_EQ(ToUtf8(bytes, ""), html);
}

TEST(CharsetTest, GbkPageDeclaredByHttpEquivAndContentType) {
  std::string html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\"><p>" +
                     std::string(kChinese) + "</p>";
  std::string bytes = Encode(html, "GBK");
  EXPECT_EQ(ToUtf8(bytes, ""), html);
  std::string bare = Encode(std::string("<p>") + kChinese + "</p>", "GBK");
  EXPECT_EQ(ToUtf8(bare, "text/html; charset=gbk"), std::string("<p>") + kChinese + "</p>");
}

TEST(CharsetTest, Big5ShiftJisAndWindows1252) {
  std::string big5 = "<meta charset=big5><p>臺灣的新聞報導，今天天氣很好。</p>";
  EXPECT_EQ(ToUtf8(Encode(big5, "Big5"), ""), big5);
  std::string sjis = "<meta charset=\"Shift_JIS\"><p>日本のニュースです。今日はいい天気ですね。</p>";
  EXPECT_EQ(ToUtf8(Encode(sjis, "Shift_JIS"), ""), sjis);
  std::string latin = "<meta charset=iso-8859-1><p>Café “smart quotes” — naïve</p>";
  EXPECT_EQ(ToUtf8(Encode(latin, "windows-1252"), ""), latin);
}

TEST(CharsetTest, UndeclaredLegacyBytesAreDetected) {
  std::string text;
  for (int i = 0; i < 6; ++i) text += kChinese;
  std::string html = "<html><body><p>" + text + "</p></body></html>";
  std::string out = ToUtf8(Encode(html, "GB18030"), "");
  EXPECT_EQ(out, html);
}

TEST(CharsetTest, BomWinsAndIsRemoved) {
  EXPECT_EQ(DetectCharset("\xEF\xBB\xBF<p>x</p>", "text/html; charset=gbk"), "UTF-8");
  EXPECT_EQ(ToUtf8("\xEF\xBB\xBF<p>x</p>", ""), "<p>x</p>");
  std::string utf16("\xFF\xFE<\0p\0>\0", 8);
  EXPECT_EQ(ToUtf8(utf16, ""), "<p>");
}

TEST(CharsetTest, UnknownLabelsAndInvalidBytesDegrade) {
  std::string unknown = ToUtf8("<p>ok \xff</p>", "text/html; charset=no-such-charset");
  EXPECT_TRUE(unknown.starts_with("<p>ok ")) << unknown;
  EXPECT_EQ(unknown, ToValidUtf8(unknown));
  std::string out = ToUtf8("<meta charset=utf-8><p>\xff\xfe</p>", "");
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(CharsetTest, ExtractReadsGbkPage) {
  std::string html = "<html><head><meta charset=\"gbk\"><title>" + std::string("经济新闻") +
                     "</title></head><body><article><p>" + kChinese + "</p></article></body></html>";
  Result<Article> article = Extract(Encode(html, "GBK"), {});
  ASSERT_TRUE(article.ok()) << article.message();
  EXPECT_EQ(article->title, "经济新闻");
  EXPECT_EQ(article->text, kChinese);
}

}  // namespace
}  // namespace herald::extract
