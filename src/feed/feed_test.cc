// Format sniffing, non-feeds and hostile documents.
#include "feed/feed.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <random>
#include <string>

#include "common/strings.h"

namespace herald::feed {
namespace {

Result<Feed> Parse(std::string_view bytes, std::string content_type = "") {
  return ParseFeed(bytes, ParseOptions{"https://news.example.com/feed", std::move(content_type)});
}

void ExpectNotAFeed(std::string_view bytes, std::string_view mentions) {
  auto result = Parse(bytes);
  ASSERT_FALSE(result.ok()) << "parsed as " << result->format;
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(result.message().find("not a feed"), std::string::npos) << result.message();
  EXPECT_NE(result.message().find(mentions), std::string::npos) << result.message();
}

TEST(Sniff, EmptyAndWhitespace) {
  ExpectNotAFeed("", "empty");
  ExpectNotAFeed(" \r\n\t ", "empty");
  ExpectNotAFeed("\xEF\xBB\xBF", "empty");
}

TEST(Sniff, HtmlPageSaysHowToDiscoverTheFeed) {
  ExpectNotAFeed("<!DOCTYPE html>\n<html><head><title>News</title></head><body>hi</body></html>",
                 "looks like an HTML page");
  ExpectNotAFeed("<html><body><p>x</p></body></html>", "herald sources add");
  ExpectNotAFeed("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
                 "HTML page");
}

TEST(Sniff, BinaryKinds) {
  ExpectNotAFeed(std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00", 8), "gzip");
  ExpectNotAFeed(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16), "image");
  ExpectNotAFeed(std::string("PK\x03\x04\x14\0\0\0", 8), "ZIP");
}

TEST(Sniff, OtherNonFeeds) {
  ExpectNotAFeed("just some words", "plain text");
  ExpectNotAFeed("<?xml version=\"1.0\"?><catalog><book/></catalog>", "<catalog>");
  ExpectNotAFeed("<opml version=\"2.0\"><body/></opml>", "OPML");
  ExpectNotAFeed(R"({"hello": "world"})", "JSON");
}

TEST(Sniff, LeadingJunkBeforeXmlIsSkippedAndReported) {
  auto result = Parse("Warning: something in /var/www/feed.php on line 3\n<?xml version=\"1.0\"?>"
                      "<rss version=\"2.0\"><channel><title>t</title></channel></rss>");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_TRUE(result->bozo);
  EXPECT_EQ(result->title, "t");
}

TEST(Sniff, BomAndLeadingWhitespace) {
  auto result = Parse("\xEF\xBB\xBF\n\n  <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>B\xC3\xA9</title>"
                      "</channel></rss>");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->title, "B\xC3\xA9");
}

TEST(Sniff, RandomBinaryNeverCrashes) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 200; ++round) {
    std::string bytes(rng() % 512, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (round % 3 == 0) bytes = "<rss version=\"2.0\"><channel><item><title>" + bytes;
    if (round % 3 == 1) bytes = "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[" + bytes;
    auto result = Parse(bytes);
    if (result.ok()) {
      for (const Entry& e : result->entries) EXPECT_EQ(ToValidUtf8(e.title), e.title);
      EXPECT_EQ(ToValidUtf8(result->bozo_message), result->bozo_message);
    } else {
      EXPECT_FALSE(result.message().empty());
    }
  }
}

TEST(Hostile, BillionLaughsDoesNotExpand) {
  std::string doc = R"(<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>)";
  auto result = Parse(doc);
  if (result.ok()) {
    EXPECT_LT(result->title.size(), 1u << 20);
    for (const Entry& e : result->entries) {
      EXPECT_LT(e.title.size(), 1u << 20);
      EXPECT_LT(e.summary.size(), 1u << 20);
    }
  }
}

TEST(Hostile, ExternalEntitiesAreNeverRead) {
  std::string doc = R"(<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % dtd SYSTEM "file:///etc/passwd"> %dtd; ]>
<rss version="2.0"><channel><title>before &xxe; after</title>
<item><title>&xxe;</title><description>&xxe;</description><link>http://e.com/&xxe;</link></item></channel></rss>)";
  auto result = Parse(doc);
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->title.find("root:"), std::string::npos) << result->title;
  ASSERT_EQ(result->entries.size(), 1u);
  const Entry& e = result->entries[0];
  for (const std::string* field : {&e.title, &e.summary, &e.link, &e.id}) {
    EXPECT_EQ(field->find("root:"), std::string::npos) << *field;
  }
}

TEST(Hostile, ExternalDtdIsNotLoaded) {
  std::string doc = R"(<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "file:///etc/passwd">
<rss version="2.0"><channel><title>t</title></channel></rss>)";
  auto result = Parse(doc);
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->title, "t");
  EXPECT_EQ(result->bozo_message.find("root:"), std::string::npos);
}

TEST(Hostile, TruncatedDocumentKeepsWhatWasRead) {
  auto result = Parse(R"(<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
<item><title>One</title><link>http://e.com/1</link></item>
<item><title>Tw)");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_TRUE(result->bozo);
  EXPECT_FALSE(result->bozo_message.empty());
  EXPECT_EQ(result->title, "Cut");
  ASSERT_GE(result->entries.size(), 1u);
  EXPECT_EQ(result->entries[0].title, "One");
}

TEST(Entities, UndeclaredHtmlEntityIsBozoButReadAsItsCharacter) {
  auto result = Parse("<rss version=\"2.0\"><channel><title>a&nbsp;b</title></channel></rss>");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_TRUE(result->bozo);
  EXPECT_EQ(result->title, "a b");  // U+00A0, then white space collapsed
}

TEST(Entities, ReferencesInCdataAndCommentsAreTextNotBozo) {
  // Inside CDATA "&nbsp;" is six characters of text, not a reference.
  auto result = Parse("<rss version=\"2.0\"><channel><title>t</title><!-- &copy; --><item>"
                      "<description><![CDATA[a&nbsp;b &#X41;]]></description></item></channel></rss>");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_FALSE(result->bozo) << result->bozo_message;
  ASSERT_EQ(result->entries.size(), 1u);
  EXPECT_EQ(result->entries[0].summary, "a\xC2\xA0" "b A");  // then read as HTML by the sanitizer
}

TEST(Encoding, DeclaredUtf8ButLatin1BytesIsBozoAndDecoded) {
  auto result = Parse("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                      "<title>Caf\xE9 cr\xE8me</title></channel></rss>");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_TRUE(result->bozo);
  EXPECT_EQ(result->title, "Caf\xC3\xA9 cr\xC3\xA8me");
}

TEST(Encoding, DeclaredLatin1ButUtf8BytesAndUtf8Charset) {
  // The server's charset outranks the declaration.
  auto result = Parse("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel>"
                      "<title>Caf\xC3\xA9</title></channel></rss>",
                      "text/xml; charset=UTF-8");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->title, "Caf\xC3\xA9");
}

// "新闻" (news) in GBK and in UTF-8.
const char kNewsGbk[] = "\xD0\xC2\xCE\xC5";
const char kNewsUtf8[] = "\xE6\x96\xB0\xE9\x97\xBB";

TEST(Encoding, GbkDeclaredInTheDocument) {
  std::string doc = std::string("<?xml version=\"1.0\" encoding=\"gb2312\"?><rss version=\"2.0\"><channel><title>") +
                    kNewsGbk + "</title><item><title>" + kNewsGbk + "</title></item></channel></rss>";
  auto result = Parse(doc);
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_FALSE(result->bozo) << result->bozo_message;
  EXPECT_EQ(result->title, kNewsUtf8);
  ASSERT_EQ(result->entries.size(), 1u);
  EXPECT_EQ(result->entries[0].title, kNewsUtf8);
}

TEST(Encoding, GbkNamedOnlyByContentType) {
  std::string doc = std::string("<rss version=\"2.0\"><channel><title>") + kNewsGbk + "</title></channel></rss>";
  auto result = Parse(doc, "application/rss+xml; charset=GBK");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->title, kNewsUtf8);
}

TEST(Encoding, Utf16WithBom) {
  std::string utf8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Wide</title>"
                     "</channel></rss>";
  std::string utf16 = "\xFF\xFE";
  for (char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  auto result = Parse(utf16);
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result->title, "Wide");
}

TEST(Encoding, UnknownEncodingNameIsBozoNotFatal) {
  auto result = Parse("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><rss version=\"2.0\"><channel>"
                      "<title>ok</title></channel></rss>");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_TRUE(result->bozo);
  EXPECT_EQ(result->title, "ok");
}

// A Big5 feed that declares nothing (no charset, no encoding=) is read by
// ICU's guess, not as windows-1252 mojibake; still bozo, and it says so.
TEST(Encoding, UndeclaredBig5IsGuessed) {
  std::string utf8 = "<rss version=\"2.0\"><channel><title>新聞</title><item><title>颱風樺加沙逼近香港，天文台發出十號風球</title>"
                     "<description>颱風樺加沙今日下午逼近香港，天文台在下午二時發出十號颶風信號，學校停課，渡輪停航。"
                     "市民應留在安全地方，遠離海旁。</description></item></channel></rss>";
  UErrorCode status = U_ZERO_ERROR;
  std::string big5(utf8.size() * 2, '\0');
  int32_t n = ucnv_convert("Big5", "UTF-8", big5.data(), static_cast<int32_t>(big5.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  ASSERT_TRUE(U_SUCCESS(status));
  big5.resize(n);
  auto feed = ParseFeed(big5, {"https://news.example.com/feed.xml", ""});
  ASSERT_TRUE(feed.ok()) << feed.message();
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].title, "颱風樺加沙逼近香港，天文台發出十號風球");
  EXPECT_TRUE(feed->bozo);
  EXPECT_NE(feed->bozo_message.find("BIG5"), std::string::npos) << feed->bozo_message;
}

}  // namespace
}  // namespace herald::feed
