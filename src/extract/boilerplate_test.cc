#include "extract/boilerplate.h"

#include <gtest/gtest.h>

#include <string>

#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

bool IsBoilerplate(const std::string& html) {
  HtmlDocument document(html, HtmlDocument::Mode::kFragment);
  auto* node = static_cast<const GumboNode*>(document.root()->v.element.children.data[0]);
  return IsBoilerplateElement(node);
}

TEST(BoilerplateTest, StructuralAndClassSignals) {
  for (const char* html :
       {"<nav>x</nav>", "<aside>x</aside>", "<audio>Your browser does not support the audio element.</audio>",
        "<video>v</video>", "<div class=\"share-bar\">x</div>", "<div id=\"newsletter-signup\">x</div>",
        "<div class=\"related-articles\">x</div>", "<section class=\"comments\">x</section>",
        "<div class=\"cookie-banner\">x</div>", "<div class=\"ad-slot\">x</div>",
        "<div class=\"donate\">x</div>", "<div hidden>x</div>", "<div aria-hidden=\"true\">x</div>",
        "<div style=\"display: none\">x</div>", "<noscript>x</noscript>", "<form>x</form>"}) {
    EXPECT_TRUE(IsBoilerplate(html)) << html;
  }
  for (const char* html : {"<div class=\"article-body\">x</div>", "<p>x</p>",
                           "<div class=\"story-content\">x</div>", "<article class=\"comments\">x</article>"}) {
    EXPECT_FALSE(IsBoilerplate(html)) << html;
  }
}

TEST(BoilerplateTest, PlayerNoiseInAnyLanguage) {
  EXPECT_EQ(RemovePlayerNoise("您的浏览器不支持 audio 标签。 Listen to this article 1x New economy rose."),
            "New economy rose.");
  EXPECT_EQ(RemovePlayerNoise("Your browser does not support the audio element. The vote passed."),
            "The vote passed.");
  EXPECT_EQ(RemovePlayerNoise("Ihr Browser unterstützt das Video-Tag nicht. Text."), "Text.");
  EXPECT_EQ(RemovePlayerNoise("0.75x 1x 1.25x 1.5x"), "");
  EXPECT_EQ(RemovePlayerNoise("Sales grew 2x last year."), "Sales grew 2x last year.");
}

TEST(BoilerplateTest, ChromeText) {
  for (const char* text : {"Related Article", "Read more", "Source link", "Visited 1 times, 1 visit(s) today",
                           "Advertisement", "Subscribe to our newsletter", "Donate", "Share this:", ""}) {
    EXPECT_TRUE(IsBoilerplateText(text)) << text;
  }
  EXPECT_FALSE(IsBoilerplateText("Recommended dosage rose sharply, officials said, as the outbreak spread "
                                 "through the region over the summer months and beyond."));
  EXPECT_FALSE(IsBoilerplateText("The minister said the plan would go ahead."));
}

TEST(BoilerplateTest, CleanBlocksDropsRepeats) {
  Image image{"https://x/i.jpg", "A caption here", "Getty", 0, 0};
  std::vector<Block> blocks = {
      {"h2", "", "The Title", "<h2>The Title</h2>", {}},
      {"p", "", "By Jane Doe", "<p>By Jane Doe</p>", {}},
      {"p", "", "Jane Doe", "<p>Jane Doe</p>", {}},
      {"p", "", "First paragraph of the story.", "<p>First paragraph of the story.</p>", {}},
      {"figure", "", "", "<figure></figure>", image},
      {"figure", "", "", "<figure></figure>", image},
      {"p", "", "A caption here. Photo: Getty", "<p>A caption here. Photo: Getty</p>", {}},
      {"p", "", "First paragraph of the story.", "<p>First paragraph of the story.</p>", {}},
      {"p", "", "Listen to this article 1x Second one.", "<p>Listen…</p>", {}},
  };
  std::vector<Block> kept = CleanBlocks(blocks, "The Title", {"Jane Doe"});
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].text, "First paragraph of the story.");
  EXPECT_TRUE(kept[1].image.has_value());
  EXPECT_EQ(kept[2].text, "Second one.");
  EXPECT_EQ(kept[2].html, "<p>Second one.</p>");
}

TEST(BoilerplateTest, CleanBlocksDropsSectionLabelsBeforeTheFirstParagraph) {
  std::vector<Block> blocks;
  auto p = [](std::string text) { return Block{"p", "", text, "<p>" + text + "</p>", std::nullopt}; };
  blocks.push_back(p("Hong Kong"));
  blocks.push_back(p("The Hong Kong Observatory raised the No 8 signal at 5.40am on Wednesday as the storm neared."));
  blocks.push_back(p("Hong Kong"));  // later, a one-line paragraph is the author's, not a label
  std::vector<Block> kept = CleanBlocks(blocks, "Title", {}, {"Hong Kong"});
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].text.substr(0, 8), "The Hong");
  EXPECT_EQ(kept[1].text, "Hong Kong");
}

TEST(BoilerplateTest, CleanBlocksDropsKickersAboveTheHeadlineAndBareBy) {
  auto p = [](std::string text) { return Block{"p", "", text, "<p>" + text + "</p>", std::nullopt}; };
  std::vector<Block> blocks = {p("Business"), p("How China became the solar workshop"), p("By"),
                               p("Drive west from Yinchuan and the desert turns blue with row upon row of panels.")};
  std::vector<Block> kept = CleanBlocks(blocks, "How China became the solar workshop", {"Oliver Brandt"});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].text.substr(0, 10), "Drive west");
}


TEST(BoilerplateTest, CleanBlocksDropsTeaserLinksAfterARelatedLabel) {
  auto p = [](std::string text, std::string html) { return Block{"p", "", text, html, std::nullopt}; };
  std::string prose = "The storm closed hundreds of schools across the north on Tuesday morning.";
  std::vector<Block> blocks = {
      p(prose, "<p>" + prose + "</p>"),
      p("See also", "<p>See also</p>"),
      p("Ice warning extended", "<p><a href=\"/a\">Ice warning extended</a></p>"),
      p("Trains cancelled", "<p> <a href=\"/b\">Trains cancelled</a> </p>"),
      p("Roads reopen", "<p><a href=\"/c\">Roads reopen</a></p>"),  // after prose: the author's link
  };
  blocks.insert(blocks.begin() + 4, p("Power was cut to forty thousand homes, mostly in rural areas.",
                                      "<p>Power was cut to forty thousand homes, mostly in rural areas.</p>"));
  std::vector<Block> kept = CleanBlocks(blocks, "Storm", {});
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].text, prose);
  EXPECT_EQ(kept[1].text.substr(0, 9), "Power was");
  EXPECT_EQ(kept[2].text, "Roads reopen");
}

TEST(BoilerplateTest, PlayerNoiseInMoreLanguages) {
  EXPECT_EQ(RemovePlayerNoise("Tu navegador no soporta el elemento de audio. El texto sigue."), "El texto sigue.");
  EXPECT_EQ(RemovePlayerNoise("Votre navigateur ne prend pas en charge la lecture vidéo. Suite."), "Suite.");
  EXPECT_EQ(RemovePlayerNoise("お使いのブラウザはオーディオ要素をサポートしていません。本文。"), "本文。");
  EXPECT_EQ(RemovePlayerNoise("收听本文 1x 1.5x 2x"), "");
}

}  // namespace
}  // namespace herald::extract
