#include "sanitize/sanitizer.h"

#include <gtest/gtest.h>

#include <string>

#include "common/strings.h"

namespace herald {
namespace {

constexpr char kBase[] = "https://news.example/world/story.html";

std::string Clean(std::string_view html) { return SanitizeHtml(html, kBase); }

// No executable or embedding construct may survive in any spelling.
void ExpectInert(const std::string& out) {
  std::string lower = ToLowerAscii(out);
  for (const char* bad : {"<script", "<style", "<iframe", "<svg", "<math", "<object", "<embed",
                          "<noscript", "<form", "javascript:", "vbscript:", "data:", " on",
                          "<!--", "<![cdata["}) {
    EXPECT_EQ(lower.find(bad), std::string::npos) << "found " << bad << " in: " << out;
  }
}

TEST(SanitizeHtmlTest, KeepsAllowedStructure) {
  EXPECT_EQ(Clean("<p>Hello <em>world</em></p><ul><li>a</li><li>b</li></ul>"),
            "<p>Hello <em>world</em></p><ul><li>a</li><li>b</li></ul>");
  EXPECT_EQ(Clean("<h1>Big</h1>"), "<h2>Big</h2>");
  EXPECT_EQ(Clean("<table><tr><td colspan=\"2\" style=\"x\">c</td></tr></table>"),
            "<table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>");
}

TEST(SanitizeHtmlTest, DropsScriptStyleAndEmbeddedContentWithTheirText) {
  std::string out = Clean(
      "<p>a</p><script>alert(1)</script><style>p{}</style><iframe src=x>i</iframe>"
      "<noscript><img src=/n.jpg></noscript><svg onload=alert(1)><text>s</text></svg>"
      "<math><mi>m</mi></math><object data=x>o</object><form><input value=f></form>"
      "<audio src=a.mp3>Your browser does not support the audio element.</audio>"
      "<video>v</video><template><p>t</p></template><p>b</p>");
  EXPECT_EQ(out, "<p>a</p><p>b</p>");
}

TEST(SanitizeHtmlTest, StripsEventHandlersAndUnknownAttributes) {
  std::string out = Clean(
      "<p onclick=\"alert(1)\" class=x id=y style=\"color:red\">t</p>"
      "<img src=\"/a.jpg\" onerror=alert(1) alt=\"A\" width=\"640\" height=\"x\">");
  EXPECT_EQ(out, "<p>t</p><img src=\"https://news.example/a.jpg\" alt=\"A\" width=\"640\">");
  ExpectInert(out);
}

TEST(SanitizeHtmlTest, RejectsDangerousUrlSchemesInEverySpelling) {
  for (const char* href :
       {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x61;script:alert(1)",
        "jav&#97;script:alert(1)", "java\tscript:alert(1)", "java&#x0A;script:alert(1)",
        " \x01javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>x</script>",
        "data:image/png;base64,AAAA", "&#106;avascript:alert(1)", "javascript&colon;alert(1)"}) {
    std::string html = std::string("<a href=\"") + href + "\">link</a><img src=\"" + href + "\">";
    std::string out = Clean(html);
    EXPECT_EQ(out, "link") << href;
    ExpectInert(out);
  }
}

TEST(SanitizeHtmlTest, ResolvesAndMarksSafeLinks) {
  EXPECT_EQ(Clean("<a href=\"../x?a=1&amp;b=2\">x</a>"),
            "<a href=\"https://news.example/x?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\">x</a>");
  EXPECT_EQ(Clean("<a href=\"mailto:desk@news.example\">m</a>"),
            "<a href=\"mailto:desk@news.example\" rel=\"nofollow noopener noreferrer\">m</a>");
  EXPECT_EQ(Clean("<a href=\"ftp://x/y\">f</a>"), "f");
}

TEST(SanitizeHtmlTest, EscapesTextAndAttributeValues) {
  std::string out = Clean(
      "<p>1 &lt; 2 &amp; \"q\" 'a' `b`</p><img src=\"/i.jpg\" alt='\"><script>x</script>'>"
      "<abbr title=\"a`b&quot;c\">ab</abbr>");
  EXPECT_EQ(out,
            "<p>1 &lt; 2 &amp; &quot;q&quot; &#39;a&#39; `b`</p>"
            "<img src=\"https://news.example/i.jpg\" alt=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"
            "<abbr title=\"a`b&quot;c\">ab</abbr>");
}

TEST(SanitizeHtmlTest, UnwrapsUnknownElementsAndDropsComments) {
  EXPECT_EQ(Clean("<div class=a><section>keep <custom-el>me</custom-el></section></div>"
                  "<!-- <script>x</script> --><![CDATA[ y ]]>"),
            "keep me");
}

TEST(SanitizeHtmlTest, ClosesUnclosedAndMisnestedTags) {
  EXPECT_EQ(Clean("<p><b>bold <i>both</b> italic</i>"),
            "<p><b>bold <i>both</i></b><i> italic</i></p>");
  EXPECT_EQ(Clean("<ul><li>one<li>two"), "<ul><li>one</li><li>two</li></ul>");
  EXPECT_EQ(Clean("<blockquote><p>x"), "<blockquote><p>x</p></blockquote>");
}

TEST(SanitizeHtmlTest, PictureBecomesOneImage) {
  EXPECT_EQ(Clean("<picture><source srcset=\"/w.webp 1x, /w2.webp 2x\"><img alt=\"p\"></picture>"),
            "<img src=\"https://news.example/w.webp\" alt=\"p\">");
  EXPECT_EQ(Clean("<picture><source srcset=\"/w.webp\"><img src=\"/f.jpg\"></picture>"),
            "<img src=\"https://news.example/f.jpg\">");
}

TEST(SanitizeHtmlTest, InvalidUtf8BecomesReplacementCharacters) {
  std::string out = Clean("<p>ok \xff\xfe bad \xc3</p>");
  EXPECT_EQ(out, ToValidUtf8(out));
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(SanitizeHtmlTest, SurvivesDeepNesting) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div><span>";
  html += "deep";
  std::string out = Clean(html);
  EXPECT_NE(out.find("deep"), std::string::npos);
  std::string table;
  for (int i = 0; i < 20000; ++i) table += "<table><tr><td><b><i><a href=/x>";
  EXPECT_NO_FATAL_FAILURE(Clean(table));
}

TEST(SanitizeHtmlTest, EmptyAndTextOnlyInput) {
  EXPECT_EQ(Clean(""), "");
  EXPECT_EQ(Clean("just text & more"), "just text &amp; more");
}

TEST(HtmlToTextTest, DecodesEntitiesAndSeparatesBlocks) {
  EXPECT_EQ(HtmlToText("<p>Caf&eacute; &amp; bar</p><p>Next<br>line</p>"),
            "Café & bar Next line");
  EXPECT_EQ(HtmlToText("<p>in<b>line</b></p>"), "inline");
}

TEST(HtmlToTextTest, DropsScriptsAndTitlesOfHostileInput) {
  EXPECT_EQ(HtmlToText("<script>alert(1)</script><style>x</style>Hi <svg><text>s</text></svg>"),
            "Hi");
  EXPECT_EQ(HtmlToText("A <b>title</b> with &lt;script&gt; \"quotes\""),
            "A title with <script> \"quotes\"");
}

}  // namespace
}  // namespace herald
