#include "extract/figures.h"

#include <gtest/gtest.h>

#include <string>

#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

std::optional<Image> Figure(const std::string& html) {
  HtmlDocument document(html, HtmlDocument::Mode::kFragment);
  auto* node = static_cast<const GumboNode*>(document.root()->v.element.children.data[0]);
  return ReadFigure(node, "https://news.example/a/story");
}

TEST(SplitCreditTest, CommonCreditForms) {
  auto check = [](const char* text, const char* caption, const char* credit) {
    CaptionParts parts = SplitCredit(text);
    EXPECT_EQ(parts.caption, caption) << text;
    EXPECT_EQ(parts.credit, credit) << text;
  };
  check("Trump greets Putin on August 15. Photo: Getty Images", "Trump greets Putin on August 15.",
        "Getty Images");
  check("Tourists in Mong Kok. Photo: Edmond So", "Tourists in Mong Kok.", "Edmond So");
  check("A flooded street. Credit: Jane Roe/AP", "A flooded street.", "Jane Roe/AP");
  check("The summit venue | Image: Reuters", "The summit venue", "Reuters");
  check("Protesters gather (Reuters)", "Protesters gather", "Reuters");
  check("Leaders meet (AP Photo/Evan Vucci)", "Leaders meet", "AP Photo/Evan Vucci");
  check("A cat (left) and a dog (right)", "A cat (left) and a dog (right)", "");
  check("新经济行业。图片来源：视觉中国", "新经济行业。", "视觉中国");
  check("No credit here", "No credit here", "");
}

TEST(FiguresTest, LazyImageAndCreditSpan) {
  std::optional<Image> image = Figure(
      "<figure><img src=\"data:image/gif;base64,AAA\" data-src=\"/img/a.jpg\" width=\"640\">"
      "<figcaption>Harbour at dusk <span class=\"credit\">Photo: Jo Bloggs</span></figcaption></figure>");
  ASSERT_TRUE(image);
  EXPECT_EQ(image->url, "https://news.example/img/a.jpg");
  EXPECT_EQ(image->width, 640);
  EXPECT_EQ(image->caption, "Harbour at dusk");
  EXPECT_EQ(image->credit, "Jo Bloggs");
}

TEST(FiguresTest, SrcsetPictureAndNoscript) {
  std::optional<Image> srcset = Figure("<img srcset=\"/s.jpg 480w, /l.jpg 1024w, /m.jpg 800w\">");
  ASSERT_TRUE(srcset);
  EXPECT_EQ(srcset->url, "https://news.example/l.jpg");
  std::optional<Image> picture =
      Figure("<picture><source srcset=\"/p.webp 1x\"><img alt=\"x\"></picture>");
  ASSERT_TRUE(picture);
  EXPECT_EQ(picture->url, "https://news.example/p.webp");
  std::optional<Image> noscript = Figure(
      "<figure><img class=\"lazy\" src=\"/placeholder.png\"><noscript><img src=\"/real.jpg\">"
      "</noscript></figure>");
  ASSERT_TRUE(noscript);
  EXPECT_EQ(noscript->url, "https://news.example/real.jpg");
  EXPECT_EQ(Figure("<figure><img src=\"javascript:alert(1)\"></figure>"), std::nullopt);
  EXPECT_EQ(Figure("<figure><figcaption>no image</figcaption></figure>"), std::nullopt);
}

}  // namespace
}  // namespace herald::extract
