#include "extract/text_util.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace herald::extract {
namespace {

TEST(ReplaceAllTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(ReplaceAll("a-b-c", "-", "+"), "a+b+c");
  EXPECT_EQ(ReplaceAll("abc", "", "x"), "abc");
}

TEST(EmptyScriptAndStyleBodiesTest, EmptiesScriptsAndStylesKeepingTags) {
  EXPECT_EQ(EmptyScriptAndStyleBodies("<head><script src=a.js>var a = 1 < 2;</script>"
                                      "<STYLE>p > a { color: red }</STYLE></head><p>Text</p>"),
            "<head><script src=a.js></script><STYLE></STYLE></head><p>Text</p>");
  EXPECT_EQ(EmptyScriptAndStyleBodies("<script type=module>x</script >"), "<script type=module></script >");
}

TEST(EmptyScriptAndStyleBodiesTest, KeepsJsonScripts) {
  std::string json_ld = R"(<script type="application/ld+json">{"headline": "H"}</script>)";
  EXPECT_EQ(EmptyScriptAndStyleBodies(json_ld), json_ld);
  std::string state = R"(<script TYPE='Application/JSON' id=__NEXT_DATA__>{}</script>)";
  EXPECT_EQ(EmptyScriptAndStyleBodies(state), state);
  // A type written with a character reference is not decoded here: kept.
  std::string encoded = R"(<script type="application&#47;ld+json">{}</script>)";
  EXPECT_EQ(EmptyScriptAndStyleBodies(encoded), encoded);
}

TEST(EmptyScriptAndStyleBodiesTest, EndTagMustEndTheName) {
  EXPECT_EQ(EmptyScriptAndStyleBodies("<script>a</scripts>b</script>c"), "<script></script>c");
  EXPECT_EQ(EmptyScriptAndStyleBodies("<script>a</script/>c"), "<script></script/>c");
}

TEST(EmptyScriptAndStyleBodiesTest, IgnoresScriptTagsThatAreNotMarkup) {
  // In comments, attribute values and raw-text elements "<script>" is text.
  for (std::string html : {"<!-- <script> -->text</script>",
                           "<div title='<script>'>text</div></script>",
                           "<div data-x=\"a>b<script>\">text</div></script>",
                           "<title><script></title>text</script>",
                           "<textarea><style></textarea>text</style>",
                           "<svg><style>a</style></svg>", "<math><script>a</script></math>",
                           "<select><style>a</style></select>", "<![CDATA[<script>]]>a</script>"}) {
    EXPECT_EQ(EmptyScriptAndStyleBodies(html), html) << html;
  }
}

TEST(EmptyScriptAndStyleBodiesTest, ResumesAfterCommentsAndForeignContent) {
  EXPECT_EQ(EmptyScriptAndStyleBodies("<!-- a --!><style>x</style>"), "<!-- a --!><style></style>");
  EXPECT_EQ(EmptyScriptAndStyleBodies("<!--><script>a</script>"), "<!--><script></script>");
  EXPECT_EQ(EmptyScriptAndStyleBodies("<svg><svg/></svg><style>x</style>"),
            "<svg><svg/></svg><style></style>");
  EXPECT_EQ(EmptyScriptAndStyleBodies("<noscript><style>x</style></noscript>"),
            "<noscript><style></style></noscript>");
}

TEST(EmptyScriptAndStyleBodiesTest, CopiesTheRestWhenUnsure) {
  // "<!--" in a script may hide its end tag; a missing end tag, an open
  // tag or comment at the end, <plaintext>: everything from there is kept.
  for (std::string html : {"<script><!-- document.write('<script>x</script>'); --></script><style>a</style>",
                           "<style>a</style><script>never ends", "<style>a</style><p title='x",
                           "<style>a</style><!-- open", "<plaintext><style>a</style>",
                           "<style>a</style><div"}) {
    std::string out = EmptyScriptAndStyleBodies(html);
    std::string tail = html.substr(html.find("</style>") + 8);
    if (html.starts_with("<style>")) {
      EXPECT_EQ(out, "<style></style>" + tail) << html;
    } else {
      EXPECT_EQ(out, html) << html;
    }
  }
}

TEST(EmptyScriptAndStyleBodiesTest, HostileInputDoesNotCrash) {
  for (std::string html : std::initializer_list<std::string>{"", "<", "</", "<!", "<!-", "<?", "<a", "<a b", "<a b=", "<a b='", "<script",
                           "<script>", "</script>", "<svg", "</svg></math><style>x</style>",
                           std::string(1000, '<'), std::string("<a\0b>", 5)}) {
    std::string out = EmptyScriptAndStyleBodies(html);
    EXPECT_LE(out.size(), html.size());
  }
}

}  // namespace
}  // namespace herald::extract
