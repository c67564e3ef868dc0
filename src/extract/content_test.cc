// Main-content choices that generalize: page wrappers that carry chrome
// words, data tables whose rows carry chrome words, teaser <article>s.
#include <gtest/gtest.h>

#include <string>

#include "extract/extract.h"

namespace herald::extract {
namespace {

std::string BodyText(const std::string& html) {
  Result<Article> result = Extract(html, {"https://news.example/a/1", ""});
  EXPECT_TRUE(result.ok());
  return result.ok() ? result->text : "";
}

constexpr const char* kProse =
    "<p>The council approved the budget on Tuesday, after a long debate, with seven votes to two.</p>"
    "<p>Spending on roads rises by a tenth, while the library keeps its hours, the mayor said.</p>";

TEST(ContentTest, FormAndChromeNamedWrappersAroundTheWholePageAreKept) {
  std::string html = std::string("<html><body><form id=\"aspnetForm\"><div class=\"container has-sidebar\">") +
                     "<h1>Budget passes</h1><div class=\"post-body\">" + kProse +
                     "</div></div><div class=\"sidebar\"><p>Most read: ten things to do this weekend in town, and more.</p>"
                     "</div></form><div class=\"cookie-notice\"><p>This website uses cookies.</p></div></body></html>";
  std::string text = BodyText(html);
  EXPECT_NE(text.find("The council approved the budget"), std::string::npos) << text;
  EXPECT_EQ(text.find("Most read"), std::string::npos) << text;
  EXPECT_EQ(text.find("cookies"), std::string::npos) << text;
}

TEST(ContentTest, TableRowsNamedLikeChromeStay) {
  std::string html = std::string("<html><body><article><h1>Standings</h1>") + kProse +
                     "<table><tr><th>Pos</th><th>Driver</th></tr><tr class=\"oddrow player-580\"><td>1</td>"
                     "<td>Kyle Busch</td></tr><tr class=\"evenrow player-416\"><td>2</td><td>Martin Truex</td></tr>"
                     "</table></article></body></html>";
  std::string text = BodyText(html);
  EXPECT_NE(text.find("Kyle Busch"), std::string::npos) << text;
  EXPECT_NE(text.find("Martin Truex"), std::string::npos) << text;
}

TEST(ContentTest, TeaserArticlesBesideTheStoryStayOut) {
  std::string teaser =
      "<article class=\"post\"><h3>Another story</h3><p>A teaser, with commas, many commas, and more commas, "
      "and even more, longer than the story itself, so it would win on prose alone, and more, and more.</p></article>";
  std::string html = std::string("<html><body><div id=\"primary\"><article class=\"post\"><h1>Budget passes</h1>") +
                     "<p>The council approved the budget on Tuesday, with seven votes to two.</p></article>" +
                     "<article class=\"post\"><h3>You may like</h3>" + teaser + teaser + "</article></div></body></html>";
  std::string text = BodyText(html);
  EXPECT_NE(text.find("The council approved the budget"), std::string::npos) << text;
  EXPECT_EQ(text.find("teaser"), std::string::npos) << text;
}

TEST(ContentTest, RepeatedSubheadingsStayRepeatedSentencesGo) {
  std::string html = std::string("<html><body><article><h1>Meal plan</h1>") +
                     "<h3>Breakfast</h3><p>Eat within an hour of waking</p><p>Oats, berries and a spoon of nut butter, with milk.</p>"
                     "<h3>Breakfast</h3><p>Eat within an hour of waking</p><p>Eggs on toast, with spinach and a cup of tea.</p>"
                     "<blockquote>The plan works, and it is simple.</blockquote><p>The plan works, and it is simple.</p>"
                     "</article></body></html>";
  std::string text = BodyText(html);
  size_t first = text.find("Eat within an hour");
  ASSERT_NE(first, std::string::npos) << text;
  EXPECT_NE(text.find("Eat within an hour", first + 1), std::string::npos) << text;
  size_t quote = text.find("The plan works");
  ASSERT_NE(quote, std::string::npos);
  EXPECT_EQ(text.find("The plan works", quote + 1), std::string::npos) << text;
}

}  // namespace
}  // namespace herald::extract
