#include "feed/feedparser_html.h"

#include <gtest/gtest.h>

#include <string>

namespace herald::feed {
namespace {

TEST(SanitizeLikeFeedparser, KeepsDivWrappers) {
  EXPECT_EQ(SanitizeLikeFeedparser("<div><b>&amp;</b></div>", ""), "<div><b>&amp;</b></div>");
  EXPECT_EQ(SanitizeLikeFeedparser("<div class=\"x\" onclick=\"evil()\">safe</div>", ""), "<div>safe</div>");
}

TEST(SanitizeLikeFeedparser, KeepsCharacterReferencesAsWritten) {
  EXPECT_EQ(SanitizeLikeFeedparser("&#38;", ""), "&#38;");
  EXPECT_EQ(SanitizeLikeFeedparser("<b>&#X26;</b>", ""), "<b>&#x26;</b>");
  EXPECT_EQ(SanitizeLikeFeedparser("&#x61;", ""), "&#x61;");
  // C1 references mean windows-1252 characters (&#150; is an en dash).
  EXPECT_EQ(SanitizeLikeFeedparser("&#150;", ""), "&#x2013;");
}

TEST(SanitizeLikeFeedparser, SerializesVoidElementsXhtmlStyleWithoutRel) {
  EXPECT_EQ(SanitizeLikeFeedparser("a<br>b<img src=\"http://e.com/i.png\">", ""),
            "a<br />b<img src=\"http://e.com/i.png\" />");
  EXPECT_EQ(SanitizeLikeFeedparser("<a href=\"http://e.com/\">x</a>", ""), "<a href=\"http://e.com/\">x</a>");
}

TEST(SanitizeLikeFeedparser, TextKeepsQuotesAsWritten) {
  EXPECT_EQ(SanitizeLikeFeedparser("it's \"x\"", ""), "it's \"x\"");
  EXPECT_EQ(SanitizeLikeFeedparser("<b>it's &lt;x&gt;</b>", ""), "<b>it's &lt;x&gt;</b>");
}

TEST(SanitizeLikeFeedparser, StripsSurroundingWhiteSpace) {
  EXPECT_EQ(SanitizeLikeFeedparser("<!DOCTYPE html>\n\n<p>x</p>\n", ""), "<p>x</p>");
}

TEST(SanitizeLikeFeedparser, NothingDangerousComesBack) {
  // Script inside a kept div, event handlers, javascript: URLs.
  std::string out = SanitizeLikeFeedparser(
      "<div onmouseover=\"alert(1)\"><script>alert(2)</script>safe<a href=\"javascript:alert(3)\">x</a></div>", "");
  EXPECT_EQ(out, "<div>safe<a href=\"\">x</a></div>");
  // A reference to '<' stays a reference: it never becomes markup.
  EXPECT_EQ(SanitizeLikeFeedparser("&#60;script&#62;alert(1)&#60;/script&#62;", ""),
            "&#60;script&#62;alert(1)&#60;/script&#62;");
  // A stray end tag shows the next script's text, as text only.
  out = SanitizeLikeFeedparser("</script><script>alert(1)<img src=x onerror=alert(2)></script>", "");
  EXPECT_EQ(out, "alert(1)<img src=\"x\" />");
  for (const char* hostile : {"<!-- -- x ><script>alert(1)</script>", "<![CDATA[<script>alert(1)</script>]]>",
                              "<style>x</style><p style=\"background:url(javascript:alert(1))\">y</p>",
                              "<iframe><script>alert(1)</script></iframe>", "<!--[if IE]><script>alert(1)</script><![endif]-->"}) {
    out = SanitizeLikeFeedparser(hostile, "");
    EXPECT_EQ(out.find("<script"), std::string::npos) << hostile << " -> " << out;
    EXPECT_EQ(out.find("javascript"), std::string::npos) << hostile << " -> " << out;
    EXPECT_EQ(out.find("[if"), std::string::npos) << hostile << " -> " << out;
  }
}

TEST(SanitizeLikeFeedparser, ReferencesInsideAttributesAreLeftToTheSanitizer) {
  std::string out = SanitizeLikeFeedparser("<a href=\"http://e.com/?a=1&#38;b=2\">x</a>", "");
  EXPECT_NE(out.find("http://e.com/?a=1&amp;b=2"), std::string::npos) << out;
}

TEST(SanitizeLikeFeedparser, TruncatedAndEmptyInput) {
  EXPECT_EQ(SanitizeLikeFeedparser("", ""), "");
  EXPECT_EQ(SanitizeLikeFeedparser("<div", ""), "&lt;div");  // a cut-off tag is text to feedparser
  EXPECT_EQ(SanitizeLikeFeedparser("&#", ""), "&amp;#");
  // Too long to be a reference feedparser keeps: the sanitizer decides.
  EXPECT_EQ(SanitizeLikeFeedparser("&#99999999999;", "").find('<'), std::string::npos);
}

TEST(FeedparserTokenization, CdataOpenerIsText) {
  EXPECT_EQ(FeedparserTokenization("<![CDATA[<script></script>]]&gt;"), "&lt;![CDATA[]]&gt;");
}

TEST(FeedparserTokenization, DeclarationsAndProcessingInstructions) {
  EXPECT_EQ(FeedparserTokenization("<!DOCTYPE html>a<?php x ?>b"), "ab");
  EXPECT_EQ(FeedparserTokenization("<!DOCTYPE ~"), "&lt;!DOCTYPE ~");  // unterminated: escaped, read on
  EXPECT_EQ(FeedparserTokenization("<!x> y"), "&lt;!x> y");           // not a declaration feedparser knows
}

TEST(FeedparserTokenization, CommentsEndAsFeedparserEndsThem) {
  EXPECT_EQ(FeedparserTokenization("a<!-- x -->b"), "a<!-- x -->b");
  EXPECT_EQ(FeedparserTokenization("a<!-- x --  >b"), "a<!-- x -->b");
  EXPECT_EQ(FeedparserTokenization("sa<!-- -- nonwhitespace >fe"), "safe");  // malformed: dropped to "--...>"
  EXPECT_EQ(FeedparserTokenization("a<!-- never closed"), "a");
  EXPECT_EQ(FeedparserTokenization("a<!-- x -- y -->b"), "ab");  // "--" inside: dropped
}

TEST(FeedparserTokenization, ScriptStyleAppletCountDecidesWhatTextShows) {
  EXPECT_EQ(FeedparserTokenization("a<script>x<b>y</b></script>c"), "a<b></b>c");
  EXPECT_EQ(FeedparserTokenization("a<style>p{}</style><applet>z</applet>c"), "ac");
  // Nested start tags count; a stray end tag makes the count negative.
  EXPECT_EQ(FeedparserTokenization("<script>1<script>2</script>3</script>4"), "4");
  EXPECT_EQ(FeedparserTokenization("</script>hidden<script>shown<script>hidden</script >after"), "shownafter");
}

TEST(FeedparserTokenization, CutOffTagsAndLoneLessThanAreText) {
  EXPECT_EQ(FeedparserTokenization("a <b"), "a &lt;b");
  EXPECT_EQ(FeedparserTokenization("1 < 2"), "1 &lt; 2");
  EXPECT_EQ(FeedparserTokenization("<a title='>'>x</a>"), "<a title='>'>x</a>");
}

}  // namespace
}  // namespace herald::feed
