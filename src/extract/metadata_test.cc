#include "extract/metadata.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

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


TEST(MetadataTest, SplitAuthorsCleansNames) {
  using Names = std::vector<std::string>;
  EXPECT_EQ(SplitAuthors("By Jane Doe, Staff Reporter"), Names{"Jane Doe"});
  EXPECT_EQ(SplitAuthors("Jane Doe | Reuters"), Names{"Jane Doe"});
  EXPECT_EQ(SplitAuthors("Reuters"), Names{"Reuters"});
  EXPECT_EQ(SplitAuthors("BY JANE DOE AND JOHN ROE"), (Names{"JANE DOE", "JOHN ROE"}));
  EXPECT_EQ(SplitAuthors("Jane Doe, John Roe, and Sam Lee"), (Names{"Jane Doe", "John Roe", "Sam Lee"}));
  EXPECT_EQ(SplitAuthors("Jane Doe in Beijing"), Names{"Jane Doe"});
  EXPECT_EQ(SplitAuthors("Jane Doe and jane doe"), Names{"Jane Doe"});
  EXPECT_EQ(SplitAuthors("By Jane Doe Published 2 October 2025"), Names{"Jane Doe"});
  EXPECT_EQ(SplitAuthors("作者：张伟、李娜"), (Names{"张伟", "李娜"}));
  EXPECT_EQ(SplitAuthors("Von Miller"), Names{"Von Miller"});
  EXPECT_EQ(SplitAuthors("von Anna Schmidt"), Names{"Anna Schmidt"});
  EXPECT_TRUE(SplitAuthors("@janedoe").empty());
  EXPECT_TRUE(SplitAuthors("https://example.com/jane").empty());
  EXPECT_TRUE(SplitAuthors("jane@example.com").empty());
  EXPECT_TRUE(SplitAuthors("By").empty());
  EXPECT_TRUE(SplitAuthors("").empty());
}

TEST(MetadataTest, DateFromUrlIsADayWithoutZone) {
  auto day = [](const char* url) {
    std::optional<Timestamp> t = DateFromUrl(url);
    return t ? FormatIso8601(*t) : std::string("none");
  };
  EXPECT_EQ(day("https://n.example/2025/10/02/story"), "2025-10-02T00:00:00+00:00");
  EXPECT_EQ(day("https://n.example/news/2025-10-02-story.html"), "2025-10-02T00:00:00+00:00");
  EXPECT_EQ(day("https://n.example/a/story-20251002.html"), "2025-10-02T00:00:00+00:00");
  EXPECT_EQ(day("https://n.example/2025/2/9/x"), "2025-02-09T00:00:00+00:00");
  EXPECT_FALSE(DateFromUrl("https://n.example/2025/10/02/x")->offset_known);
  EXPECT_EQ(day("https://n.example/2025/10/story"), "none");       // no day
  EXPECT_EQ(day("https://n.example/2025/13/02/x"), "none");        // no month 13
  EXPECT_EQ(day("https://n.example/2025/02/30/x"), "none");        // no 30 February
  EXPECT_EQ(day("https://n.example/1850/10/02/x"), "none");        // not a news date
  EXPECT_EQ(day("https://n.example/item/123456789"), "none");
  EXPECT_EQ(day("https://n.example/2025/10/123/x"), "none");
  EXPECT_EQ(day("https://n.example/x?d=2025-10-02"), "none");      // the path only
  EXPECT_EQ(day("not a url"), "none");
}

TEST(MetadataTest, DateOnlyValuesAreMarked) {
  Metadata from_url = [] {
    HtmlDocument document("<title>T</title>", HtmlDocument::Mode::kDocument);
    return ReadMetadata(document.root(), "https://n.example/2025/10/02/x");
  }();
  ASSERT_TRUE(from_url.published);
  EXPECT_TRUE(from_url.published_date_only);
  Metadata from_meta = Read("<meta name=\"date\" content=\"2025-10-02\">");
  ASSERT_TRUE(from_meta.published);
  EXPECT_TRUE(from_meta.published_date_only);
  Metadata with_time = Read("<meta name=\"date\" content=\"2025-10-02T08:00:00+02:00\">");
  EXPECT_FALSE(with_time.published_date_only);
  // A URL date never overrides a stated one.
  HtmlDocument document("<meta property=\"article:published_time\" content=\"2025-10-01T23:00:00-05:00\">",
                        HtmlDocument::Mode::kDocument);
  Metadata stated = ReadMetadata(document.root(), "https://n.example/2025/10/02/x");
  EXPECT_EQ(FormatIso8601(*stated.published), "2025-10-01T23:00:00-05:00");
}

TEST(MetadataTest, JsonLdFollowsIdReferencesAndHasPart) {
  Metadata m = Read(R"(<script type="application/ld+json">{"@graph":[
    {"@type":"BlogPosting","headline":"Ref","author":{"@id":"#p"},"publisher":{"@id":"#o"},
     "image":{"@id":"#i"},"hasPart":[{"@type":"WebPageElement","isAccessibleForFree":"false",
     "cssSelector":".locked"}]},
    {"@type":"Person","@id":"#p","name":"By Ada Byron, Contributing Writer"},
    {"@type":"Organization","@id":"#o","name":"Engines Weekly"},
    {"@type":"ImageObject","@id":"#i","contentUrl":"https://cdn.example/e.png","creditText":"Lab archive"}]}
  </script>)");
  EXPECT_EQ(m.title, "Ref");
  EXPECT_EQ(m.byline, std::vector<std::string>{"Ada Byron"});
  EXPECT_EQ(m.site_name, "Engines Weekly");
  ASSERT_TRUE(m.image);
  EXPECT_EQ(m.image->url, "https://cdn.example/e.png");
  EXPECT_EQ(m.image->credit, "Lab archive");
  EXPECT_TRUE(m.paywalled);
}

TEST(MetadataTest, MicrodataArticle) {
  Metadata m = Read(R"(<div itemscope itemtype="http://schema.org/AnalysisNewsArticle">
    <h2 itemprop="headline">Why rates matter</h2>
    <span itemprop="author">By Kim Lee</span>
    <time itemprop="datePublished" datetime="2025-01-05T10:00:00+09:00">5 Jan</time>
    <img itemprop="image" src="/r.jpg">
    <meta itemprop="keywords" content="rates, banks">
    <div itemprop="articleBody"><p>Body.</p></div></div>
    <div itemscope itemtype="http://schema.org/NewsArticle"><span itemprop="headline">Second</span></div>)");
  EXPECT_EQ(m.title, "Why rates matter");
  EXPECT_EQ(m.byline, std::vector<std::string>{"Kim Lee"});
  EXPECT_EQ(FormatIso8601(*m.published), "2025-01-05T10:00:00+09:00");
  ASSERT_TRUE(m.image);
  EXPECT_EQ(m.image->url, "https://news.example/r.jpg");
  EXPECT_EQ(m.tags, (std::vector<std::string>{"rates", "banks"}));
}

TEST(MetadataTest, TwitterAndDublinCoreVariants) {
  Metadata m = Read(R"(<meta name="twitter:creator" content="@handle">
    <meta name="twitter:title" content="Card title"><meta property="dc:creator" content="Eva Ek">
    <meta name="DCTERMS.issued" content="2023-04-05T06:07:08+01:00">
    <meta name="DC.Language" content="sv"><meta name="DCTERMS.publisher" content="Nordic Daily">)");
  EXPECT_EQ(m.title, "Card title");
  EXPECT_EQ(m.byline, std::vector<std::string>{"Eva Ek"});  // a @handle is not a name
  EXPECT_EQ(FormatIso8601(*m.published), "2023-04-05T06:07:08+01:00");
  EXPECT_EQ(m.language, "sv");
  EXPECT_EQ(m.site_name, "Nordic Daily");
}

TEST(MetadataTest, ChromeDatesAndNamesAreNotTheArticles) {
  Metadata m = Read(R"(<nav><time datetime="2001-01-01">old</time></nav>
    <div class="related-stories"><a rel="author" href="/author/x">Other Writer</a>
    <time datetime="2002-02-02">x</time></div>
    <div id="comments"><span class="author">Angry Reader</span></div>
    <h1>Real story</h1><p>Text.</p>)");
  EXPECT_TRUE(m.byline.empty());
  EXPECT_FALSE(m.published);
  Metadata logo = Read(R"(<meta property="og:site_name" content="Daily Planet">
    <title>Real headline here | Daily Planet</title><h1>Daily Planet</h1>)");
  EXPECT_EQ(logo.title, "Real headline here");
  // A page wrapper named for its layout still holds the article's byline.
  Metadata wrapped = Read(R"(<div class="page has-sidebar"><h1>Story</h1>
    <p class="byline">By Nia Long</p><time datetime="2025-05-05T05:05:00Z">x</time></div>)");
  EXPECT_EQ(wrapped.byline, std::vector<std::string>{"Nia Long"});
  EXPECT_TRUE(wrapped.published);
}

TEST(MetadataTest, HostileStructuredDataIsTolerated) {
  std::string deep(5000, '[');
  Metadata m = Read("<script type=\"application/ld+json\">" + deep + "</script>"
                    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":{\"@id\":\"#a\"},"
                    "\"@id\":\"#a\",\"image\":[[[\"x\"]]],\"datePublished\":\"not a date\","
                    "\"headline\":12}</script>");
  EXPECT_TRUE(m.byline.empty());
  EXPECT_FALSE(m.published);
  EXPECT_FALSE(m.image);
  std::string nested;
  for (int i = 0; i < 300; ++i) nested += "<div itemscope itemtype=\"http://schema.org/Article\" itemprop=\"x\">";
  Metadata microdata = Read("<div itemscope itemtype=\"http://schema.org/Article\">" + nested + "</div>");
  EXPECT_EQ(microdata.title, "");
}

}  // namespace
}  // namespace herald::extract
