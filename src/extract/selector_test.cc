#include "extract/selector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

constexpr const char* kPage = R"(<html><body>
<div id="main" class="story wide"><p class="lead">one</p><section><p data-x="1">two</p></section></div>
<aside class="promo"><p data-x="2">three</p><a href="#" rel="author">four</a></aside>
</body></html>)";

// Texts of the elements `selector` selects in kPage.
std::vector<std::string> Select(const std::string& selector) {
  HtmlDocument document(kPage, HtmlDocument::Mode::kDocument);
  auto parsed = Selector::Parse(selector);
  EXPECT_TRUE(parsed.ok()) << selector << ": " << (parsed.ok() ? "" : parsed.message());
  std::vector<std::string> texts;
  if (!parsed.ok()) return texts;
  for (const GumboNode* node : parsed->SelectAll(document.root())) texts.push_back(TextContent(node));
  return texts;
}

using Texts = std::vector<std::string>;

TEST(SelectorTest, TypeClassIdAndAttributes) {
  EXPECT_EQ(Select("p"), (Texts{"one", "two", "three"}));
  EXPECT_EQ(Select("P"), (Texts{"one", "two", "three"}));  // tags ignore case
  EXPECT_EQ(Select(".lead"), (Texts{"one"}));
  EXPECT_EQ(Select("#main > .lead"), (Texts{"one"}));
  EXPECT_EQ(Select("div.story.wide"), (Texts{"one two"}));
  EXPECT_EQ(Select("div.story.narrow"), Texts{});
  EXPECT_EQ(Select("[data-x]"), (Texts{"two", "three"}));
  EXPECT_EQ(Select("[data-x=2]"), (Texts{"three"}));
  EXPECT_EQ(Select("p[data-x=\"1\"]"), (Texts{"two"}));
  EXPECT_EQ(Select("a[rel='author']"), (Texts{"four"}));
  EXPECT_EQ(Select("*[rel]"), (Texts{"four"}));
}

TEST(SelectorTest, CombinatorsAndLists) {
  EXPECT_EQ(Select("#main p"), (Texts{"one", "two"}));       // descendant
  EXPECT_EQ(Select("#main > p"), (Texts{"one"}));            // child only
  EXPECT_EQ(Select("#main>section>p"), (Texts{"two"}));
  EXPECT_EQ(Select("body aside p"), (Texts{"three"}));
  EXPECT_EQ(Select(".lead, aside a"), (Texts{"one", "four"}));  // document order
  EXPECT_EQ(Select("  aside  ,  #main > p  "), (Texts{"one", "three four"}));
}

TEST(SelectorTest, RejectsWhatItDoesNotSupport) {
  for (const char* bad : {"", "   ", "p:first-child", "a + b", "a ~ b", "[x^=y]", ".", "#", "[", "[x=\"y]",
                          "a >", "a,", "p::before", "a >> b"}) {
    auto parsed = Selector::Parse(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.message().find("CSS selector"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace herald::extract
