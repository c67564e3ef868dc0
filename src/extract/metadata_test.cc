#include "extract/metadata.h"

#include <gtest/gtest.h>

#include <string>

#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

Metadata Read(const std::string& html) {
  HtmlDocument document(html, HtmlDocument::Mode::kDocument);
  return ReadMetadata(document.root(), "https://news.example/a/b");
}

TEST(MetadataTest, JsonLdGraphWithNestedObjects) {
  Metadata m = Read(R"(<head><script type="application/ld+json">
  {"@context":"https://schema.org","@graph":[
    {"@type":"WebSite","name":"Not this"},
    {"@type":["NewsArticle"],"headline":"Graph headline","datePublished":"2025-10-02T11:53:00+08:00",
     "dateModified":"2025-10-03T08:00:00Z",
     "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
     "publisher":{"@type":"Organization","name":"The Daily Example"},
     "image":[{"@type":"ImageObject","url":"/img/lead.jpg","width":1200,"height":"675"}],
     "articleSection":["World"],"keywords":"Arctic, Russia ,China",
     "isAccessibleForFree":"False","inLanguage":"en-US"}]}
  </script><meta property="og:title" content="OG title"></head><body><h1>H1</h1></body>)");
  EXPECT_EQ(m.title, "Graph headline");
  EXPECT_EQ(m.byline, (std::vector<std::string>{"Jane Doe", "John Roe"}));
  ASSERT_TRUE(m.published);
  EXPECT_EQ(FormatIso8601(*m.published), "2025-10-02T11:53:00+08:00");
  ASSERT_TRUE(m.modified);
  EXPECT_EQ(m.site_name, "The Daily Example");
  EXPECT_EQ(m.section, "World");
  EXPECT_EQ(m.tags, (std::vector<std::string>{"Arctic", "Russia", "China"}));
  ASSERT_TRUE(m.image);
  EXPECT_EQ(m.image->url, "https://news.example/img/lead.jpg");
  EXPECT_EQ(m.image->width, 1200);
  EXPECT_EQ(m.image->height, 675);
  EXPECT_TRUE(m.paywalled);
  EXPECT_EQ(m.language, "en-US");
}

TEST(MetadataTest, JsonLdArrayAndBrokenScriptsAreTolerated) {
  Metadata m = Read(R"(<script type="application/ld+json">{ broken json</script>
  <script type="application/ld+json">[{"@type":"BreadcrumbList"},
   {"@type":"Article","headline":"From array","author":"Alice Smith and Bob Jones",
    "isAccessibleForFree":false}]</script>)");
  EXPECT_EQ(m.title, "From array");
  EXPECT_EQ(m.byline, (std::vector<std::string>{"Alice Smith", "Bob Jones"}));
  EXPECT_TRUE(m.paywalled);
}

TEST(MetadataTest, OpenGraphThenMetaThenMarkup) {
  Metadata m = Read(R"(<html lang="fr-FR"><head><title>Le titre | Le Site</title>
  <meta property="og:site_name" content="Le Site">
  <meta property="article:section" content="Monde">
  <meta property="article:tag" content="un"><meta property="article:tag" content="deux">
  <meta name="author" content="Marie Curie">
  <meta name="description" content="Une description.">
  <meta property="og:image" content="https://cdn.example/i.jpg">
  <meta property="og:image:width" content="800">
  <link rel="canonical" href="/canonical/path"></head>
  <body><time datetime="2024-02-29T10:00:00+01:00">29 février</time></body></html>)");
  EXPECT_EQ(m.title, "Le titre");
  EXPECT_EQ(m.site_name, "Le Site");
  EXPECT_EQ(m.section, "Monde");
  EXPECT_EQ(m.tags, (std::vector<std::string>{"un", "deux"}));
  EXPECT_EQ(m.byline, std::vector<std::string>{"Marie Curie"});
  EXPECT_EQ(m.description, "Une description.");
  ASSERT_TRUE(m.image);
  EXPECT_EQ(m.image->width, 800);
  EXPECT_EQ(m.canonical_url, "https://news.example/canonical/path");
  ASSERT_TRUE(m.published);
  EXPECT_EQ(FormatIso8601(*m.published), "2024-02-29T10:00:00+01:00");
  EXPECT_EQ(m.language, "fr-FR");
  EXPECT_FALSE(m.paywalled);
}

TEST(MetadataTest, BylineFromRelAuthorAndBylineClass) {
  EXPECT_EQ(Read("<p>By <a rel=\"author\" href=\"/p/x\">Sam Lee</a></p>").byline,
            std::vector<std::string>{"Sam Lee"});
  EXPECT_EQ(Read("<div class=\"article-byline byline\">By Ann Wu and Li Na</div>").byline,
            (std::vector<std::string>{"Ann Wu", "Li Na"}));
  EXPECT_TRUE(Read("<meta name=author content=\"https://facebook.com/x\">").byline.empty());
}

TEST(MetadataTest, TitleSuffixStripping) {
  EXPECT_EQ(StripSiteSuffix("China launches a new visa - BBC News", "BBC"), "China launches a new visa");
  EXPECT_EQ(StripSiteSuffix("Big storm hits coast | Daily Planet", ""), "Big storm hits coast");
  EXPECT_EQ(StripSiteSuffix("Daily Planet", "Daily Planet"), "Daily Planet");
  EXPECT_EQ(StripSiteSuffix("Q&A - why it matters to the whole wide world today", ""),
            "Q&A - why it matters to the whole wide world today");
}

TEST(MetadataTest, NothingInvented) {
  Metadata m = Read("<p>plain</p>");
  EXPECT_EQ(m.title, "");
  EXPECT_TRUE(m.byline.empty());
  EXPECT_FALSE(m.published);
  EXPECT_FALSE(m.image);
  EXPECT_EQ(m.canonical_url, "");
}

}  // namespace
}  // namespace herald::extract
