#include "sanitize/html_parse.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace herald {
namespace {

TEST(LimitNestingTest, LeavesOrdinaryHtmlAlone) {
  std::string html = "<html><body><div><p>a<p>b<br><img src=x></div><!-- <div> --></body></html>";
  EXPECT_EQ(LimitNesting(html, 3), html);
}

TEST(LimitNestingTest, DropsStartTagsBeyondTheLimitButKeepsText) {
  EXPECT_EQ(LimitNesting("<div><div><div>x</div></div></div>", 2),
            "<div><div>x</div></div></div>");
}

TEST(LimitNestingTest, SkipsRawTextElements) {
  std::string html = "<script>if (a <b) x = '<div>';</script><div>y</div>";
  EXPECT_EQ(LimitNesting(html, 1), html);
}

TEST(HtmlDocumentTest, ParsesHostileDepthQuickly) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  HtmlDocument document(html + "x", HtmlDocument::Mode::kDocument);
  int depth = 0;
  int max_depth = 0;
  Walk(
      document.root(),
      [&](const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return false;
        max_depth = std::max(max_depth, ++depth);
        return true;
      },
      [&](const GumboNode*) { --depth; });
  EXPECT_LE(max_depth, kMaxNestingDepth + 3);
}

TEST(HtmlDocumentTest, TagNameOfUnknownElements) {
  HtmlDocument document("<my-widget data-x=1>t</my-widget>", HtmlDocument::Mode::kFragment);
  const GumboNode* widget = static_cast<const GumboNode*>(document.root()->v.element.children.data[0]);
  EXPECT_EQ(TagName(widget), "my-widget");
  EXPECT_STREQ(Attribute(widget, "data-x"), "1");
  EXPECT_EQ(Attribute(widget, "nope"), nullptr);
}

}  // namespace
}  // namespace herald
