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

// Hostile input both policies must neutralize.
constexpr const char* kHostileInputs[] = {
    "<script>alert(1)</script>", "<SCRIPT SRC=//x.example/x.js></SCRIPT>", "<style>body{}</style>",
    "<img src=x onerror=alert(1)>", "<div onmouseover=\"alert(1)\">x</div>", "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\" jav&#x09;ascript:alert(1)\">x</a>", "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
    "<iframe src=\"javascript:alert(1)\"><script>alert(2)</script></iframe>",
    "<iframe><iframe><script>alert(1)</script></iframe></iframe>",
    "<object data=\"x.swf\"><embed src=\"x.swf\"><script>alert(1)</script></object>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<p style=\"width: expression(alert(1))\">x</p>", "<p style=\"background: url(javascript:alert(1))\">x</p>",
    "<p style=\"color: red; behavior: url(x.htc)\">x</p>", "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "<!-- a -- ><script>alert(1)</script> -->", "<!--><script>alert(1)</script>-->", "<!--->x<script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>", "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<form action=x><button>b</button></form>",
    "<title></title><script>alert(1)</script>", "<noembed><script>alert(1)</script></noembed>",
    "<a href=\"vbscript:msgbox(1)\">x</a>", "<div style=\"-moz-binding: url(x.xml#y)\">x</div>",
    "<base href=\"javascript:alert(1)//\"><a href=\"x\">x</a>", "<meta http-equiv=refresh content=\"0;url=x\">",
    "&#60;script&#62;alert(1)&#60;/script&#62;", "<img src=\"x\" style=\"x:expression(alert(1))\">",
};

// Nothing executable survives, in any spelling.
void ExpectSafe(const std::string& out, const std::string& input) {
  std::string lower = ToLowerAscii(out);
  for (const char* bad : {"<script", "<style", "<iframe", "<svg", "<math", "<object", "<embed", "<form", "<noscript",
                          "<base", "<meta", "javascript:", "vbscript:", "data:", "expression", "url(", "<![cdata[",
                          "[if", "[endif", "binding"}) {
    EXPECT_EQ(lower.find(bad), std::string::npos) << "found " << bad << " in: " << out << "\nfrom: " << input;
  }
  // No event handler: no attribute name (outside quoted values) starts with "on".
  bool in_tag = false;
  char quote = 0;
  for (size_t i = 0; i < lower.size(); ++i) {
    char c = lower[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (!in_tag) {
      in_tag = c == '<';
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      in_tag = false;
    } else if ((c == ' ' || c == '/') && lower.compare(i + 1, 2, "on") == 0) {
      ADD_FAILURE() << "event handler in: " << out << "\nfrom: " << input;
    }
  }
  // Comments cannot end early or nest.
  for (size_t at = out.find("<!--"); at != std::string::npos; at = out.find("<!--", at + 4)) {
    size_t end = out.find("-->", at + 4);
    ASSERT_NE(end, std::string::npos) << out;
    EXPECT_EQ(out.substr(at + 4, end - at - 4).find("--"), std::string::npos) << out;
  }
}

TEST(SanitizePolicyTest, RepublishPolicyNeutralizesHostileInput) {
  for (const char* input : kHostileInputs) {
    std::string out = SanitizeHtml(input, kBase, RepublishPolicy());
    ExpectSafe(out, input);
    ExpectInert(out);
    EXPECT_EQ(out, Clean(input)) << "RepublishPolicy is the default";
  }
}

TEST(SanitizePolicyTest, FeedparserCompatiblePolicyNeutralizesHostileInput) {
  for (const char* input : kHostileInputs) ExpectSafe(SanitizeHtml(input, kBase, FeedparserCompatiblePolicy()), input);
}

std::string Compatible(std::string_view html) { return SanitizeHtml(html, "", FeedparserCompatiblePolicy()); }

TEST(SanitizePolicyTest, CompatibleKeepsH1DivAndInertComments) {
  EXPECT_EQ(Compatible("<div class=\"x\"><h1>T</h1></div>"), "<div><h1>T</h1></div>");
  EXPECT_EQ(Compatible("a<!-- <script> -->b"), "a<!-- <script> -->b");
  EXPECT_EQ(Compatible("a<!--[if IE]>x<![endif]-->b"), "ab");
  EXPECT_EQ(Compatible("a<!-- x -- y -->b"), "ab");
  EXPECT_EQ(Compatible("a<?php x ?>b"), "ab");  // a bogus comment is no comment
}

TEST(SanitizePolicyTest, CompatibleKeepsSafeInlineStyles) {
  EXPECT_EQ(Compatible("<span style=\"color:red; position:absolute\">x</span>"),
            "<span style=\"color: red;\">x</span>");
  EXPECT_EQ(Compatible("<span style=\"color:red; x:expression(alert(1))\">x</span>"), "<span>x</span>");
}

TEST(SanitizePolicyTest, CompatibleKeepsEmbedFallbackContent) {
  EXPECT_EQ(Compatible("safe<iframe src=\"http://e.com/\"> <b>description</b></iframe>"), "safe <b>description</b>");
  EXPECT_EQ(Compatible("safe<object classid=\"x\"> description</object>"), "safe description");
  EXPECT_EQ(Compatible("<title>T</title>x"), "Tx");
  // Only one level of fallback is read: deeper iframes lose their content.
  EXPECT_EQ(Compatible("<iframe>a<iframe>b</iframe>c</iframe>"), "ac");
}

TEST(SanitizePolicyTest, CompatibleKeepsCharacterReferencesAsWritten) {
  EXPECT_EQ(Compatible("&#38; <b>&#X26;</b>"), "&#38; <b>&#x26;</b>");
  EXPECT_EQ(Compatible("&#150;"), "&#x2013;");  // a C1 reference means windows-1252
  // Forged marker characters in the input are dropped.
  EXPECT_EQ(Compatible("a\xEE\x80\x80&#38;"), "a&#38;");
  EXPECT_NE(Compatible("<a href=\"http://e.com/?a=1&#38;b=2\">x</a>").find("?a=1&amp;b=2"), std::string::npos);
}

TEST(SanitizePolicyTest, CompatibleAttributesAndUnsafeLinks) {
  EXPECT_EQ(Compatible("<a href=\"javascript:alert(1)\">safe</a>"), "<a href=\"\">safe</a>");
  EXPECT_EQ(Compatible("<img border=\"0\" i$=\"true\" src=\"http://e.com/i.jpg\" alt=\"a\">"),
            "<img alt=\"a\" border=\"0\" src=\"http://e.com/i.jpg\">");
  EXPECT_EQ(Compatible("<img border=\"0;x\" src=\"http://e.com/i.jpg\">"), "<img src=\"http://e.com/i.jpg\">");
}

// Fuzzer finding: gumbo turned an overflowing numeric reference into a
// lone 0xFE byte, so the output was not UTF-8.
TEST(SanitizerRegression, OverflowingNumericReferenceStaysValidUtf8) {
  for (const SanitizePolicy& policy : {RepublishPolicy(), FeedparserCompatiblePolicy()}) {
    std::string out = SanitizeHtml("<h1>&#38;&#77777777777777777777777150;&x</h1>", "https://e.example/", policy);
    EXPECT_EQ(out, ToValidUtf8(out));
    EXPECT_NE(out.find("x"), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace herald
