// Per-source overrides (Options::body_selector, remove_selectors): one test
// page each, where the automatic algorithm alone gets the page wrong.
#include <gtest/gtest.h>

#include <string>

#include "extract/extract.h"

namespace herald::extract {
namespace {

// The story is short; the long "editor's note" box the site puts beside it
// gets into the automatic result. The site's body is div.entry-text.
constexpr const char* kShortStoryBesideLongBox = R"(<html><head><title>Harbour reopens</title></head><body>
<div class="entry-text"><p>The harbour reopened on Monday after a week of repairs to the breakwater.</p>
<p>Ferries resume their normal timetable, the port authority said.</p></div>
<div class="editors-note"><p>Our newsroom has covered the harbour for forty years, and the archive of that coverage,
with its photographs, maps and interviews, is open to every reader at the library on Quay Street.</p>
<p>Readers who remember the great storm of 1987, when the old breakwater failed and the fishing fleet was moored inland,
are invited to send their letters, photographs and memories to the newsroom, which will publish a selection.</p>
<p>The archive is open from nine to five, Monday to Saturday, and admission is free, as it has always been, thanks to the
support of the readers and of the harbour trust, which funds the reading room and its two archivists.</p></div>
</body></html>)";

// A paragraph of sponsored copy inside the article body, marked only by a
// class the automatic rules do not know.
constexpr const char* kSponsoredParagraphInBody = R"(<html><head><title>Tides</title></head><body><article>
<p>The spring tide reached its highest level in a decade on Sunday, flooding the lower quay for two hours.</p>
<p class="partner-copy">This story is brought to you by Quayside Insurance, protecting harbour homes since 1950.</p>
<p>Harbour staff closed the lower car park as a precaution and reopened it once the water had gone down.</p>
</article></body></html>)";

Article MustExtract(const char* html, const Options& options) {
  Result<Article> result = Extract(html, options);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.message());
  return result.ok() ? std::move(result).value() : Article{};
}

TEST(OverridesTest, BodySelectorChoosesTheBody) {
  Options automatic{"https://harbour.example/news/1", ""};
  EXPECT_NE(MustExtract(kShortStoryBesideLongBox, automatic).text.find("archive"), std::string::npos)
      << "the page no longer needs an override; pick a harder one";
  Options options = automatic;
  options.body_selector = "div.entry-text";
  Article article = MustExtract(kShortStoryBesideLongBox, options);
  EXPECT_EQ(article.text,
            "The harbour reopened on Monday after a week of repairs to the breakwater.\n\n"
            "Ferries resume their normal timetable, the port authority said.");
}

TEST(OverridesTest, BodySelectorMatchingNothingFallsBackToTheAutomaticPath) {
  Options options{"https://harbour.example/news/1", ""};
  options.body_selector = "#no-such-element";
  EXPECT_NE(MustExtract(kShortStoryBesideLongBox, options).text.find("archive"), std::string::npos);
}

TEST(OverridesTest, RemoveSelectorsDropElements) {
  Options options{"https://harbour.example/news/2", ""};
  EXPECT_NE(MustExtract(kSponsoredParagraphInBody, options).text.find("Quayside Insurance"), std::string::npos);
  options.remove_selectors = {"article > p.partner-copy", "#unused"};
  Article article = MustExtract(kSponsoredParagraphInBody, options);
  EXPECT_EQ(article.text.find("Quayside Insurance"), std::string::npos);
  EXPECT_NE(article.text.find("spring tide"), std::string::npos);
  EXPECT_NE(article.text.find("lower car park"), std::string::npos);
}

TEST(OverridesTest, InvalidSelectorsAreInputErrors) {
  Options options{"https://harbour.example/news/2", ""};
  options.remove_selectors = {"p:nth-child(2)"};
  Status status = ValidateOptions(options);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("p:nth-child(2)"), std::string::npos);
  Result<Article> result = Extract(kSponsoredParagraphInBody, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidInput);
  options.remove_selectors.clear();
  options.body_selector = "div >";
  EXPECT_FALSE(ValidateOptions(options).ok());
  options.body_selector = "div.entry-text, article";
  EXPECT_TRUE(ValidateOptions(options).ok());
}

}  // namespace
}  // namespace herald::extract
