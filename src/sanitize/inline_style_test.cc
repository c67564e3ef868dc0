#include "sanitize/inline_style.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(SanitizeInlineStyleTest, KeepsLooksOnlyDeclarations) {
  EXPECT_EQ(SanitizeInlineStyle("color: red; font-weight:bold"), "color: red; font-weight: bold;");
  EXPECT_EQ(SanitizeInlineStyle("display:block; position:absolute; left:0; z-index:1; width:100%"),
            "display: block; width: 100%;");
}

TEST(SanitizeInlineStyleTest, ShorthandsNeedPlainValues) {
  EXPECT_EQ(SanitizeInlineStyle("margin: 0 auto; padding: 1.5em 2px"), "margin: 0 auto; padding: 1.5em 2px;");
  EXPECT_EQ(SanitizeInlineStyle("border: 1px solid #ff0000"), "border: 1px solid #ff0000;");
  EXPECT_EQ(SanitizeInlineStyle("background: rgb(255,0,0)"), "background: rgb(255,0,0);");
  EXPECT_EQ(SanitizeInlineStyle("background-repeat: repeat; margin: 12345px"), "");
  EXPECT_EQ(SanitizeInlineStyle("border-color: Red"), "border-color: Red;");  // an acceptable property
  EXPECT_EQ(SanitizeInlineStyle("border-style: Solid"), "");                   // keywords are case-sensitive
}

TEST(SanitizeInlineStyleTest, UrlsAreRemovedAndTheRestKept) {
  EXPECT_EQ(SanitizeInlineStyle("background-image:url(http://e.com/i.jpg); color:black"), "color: black;");
  EXPECT_EQ(SanitizeInlineStyle("background: url( 'javascript:alert(1)' )"), "");
}

TEST(SanitizeInlineStyleTest, AnythingActiveRefusesTheWholeAttribute) {
  for (const char* hostile :
       {"width: expression(alert(1))", "color: red; background: URL(javascript:alert(1))",
        "color: red /* comment */", "color: \\72 ed", "@import 'x'; color: red", "color: red; -moz-binding: x(y)",
        "behavior: url(x.htc)", "color: \"red\" <script>", "font-family: 'a;b'", "color:red}body{color:blue"}) {
    std::string out = SanitizeInlineStyle(hostile);
    EXPECT_EQ(out.find("expression"), std::string::npos) << hostile;
    EXPECT_EQ(out.find('('), std::string::npos) << hostile << " -> " << out;
    EXPECT_EQ(out.find('\\'), std::string::npos) << hostile;
    EXPECT_EQ(out.find('<'), std::string::npos) << hostile;
    EXPECT_EQ(out.find('{'), std::string::npos) << hostile;
  }
  EXPECT_EQ(SanitizeInlineStyle("width: expression(alert(1))"), "");
  EXPECT_EQ(SanitizeInlineStyle("color: red /* x */"), "");
}

TEST(SanitizeInlineStyleTest, MalformedAndEmptyInput) {
  EXPECT_EQ(SanitizeInlineStyle(""), "");
  EXPECT_EQ(SanitizeInlineStyle(";;;"), "");
  EXPECT_EQ(SanitizeInlineStyle("color"), "");
  EXPECT_EQ(SanitizeInlineStyle("color:"), "");
  EXPECT_EQ(SanitizeInlineStyle("a-b-c: red"), "");  // not a word-dash-word chain
  EXPECT_EQ(SanitizeInlineStyle(std::string(100000, '(')), "");
  EXPECT_EQ(SanitizeInlineStyle(std::string(100000, 'a') + ":b"), "");
}

}  // namespace
}  // namespace herald
