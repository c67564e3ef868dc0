// The newsroom's content as data: publishers and the article table. Rendering
// lives in pages.cc and feeds.cc; nothing here knows about HTML or XML.
#pragma once

#include <string>
#include <vector>

namespace herald::demo {

// The one feed a publisher offers; kSitemapOnly publishers are discoverable
// only through /sitemap-news.xml.
enum class FeedFormat { kRss20, kAtom10, kJson11, kSitemapOnly };

// Which metadata a page carries, so extractors meet every real-world mix.
enum class Metadata {
  kJsonLd,         // JSON-LD NewsArticle + OpenGraph + article:* meta
  kOpenGraphOnly,  // OpenGraph/meta tags and byline markup, no JSON-LD
  kMicrodataOnly,  // schema.org microdata and <time>, no JSON-LD, no OG
};

// A wall-clock time as the publisher wrote it.
struct LocalTime {
  int year = 2025, month = 1, day = 1, hour = 0, minute = 0;
  int offset_minutes = 0;
};

struct Publisher {
  std::string id;        // URL segment: "harbour-times"
  std::string name;      // display name: "The Harbour Times"
  std::string language;  // main language of the site
  std::string tagline;
  FeedFormat feed = FeedFormat::kRss20;
  bool feed_uses_xml_base = false;  // Atom with relative links and xml:base
};

struct Article {
  std::string publisher_id;
  std::string slug;
  std::string section;
  std::string title;
  std::vector<std::string> authors;
  LocalTime published;
  LocalTime modified;
  std::string language;  // "en", "zh", "ja"
  std::string summary;
  std::string caption;   // lead image caption without credit ("" = no image)
  std::string credit;
  std::vector<std::string> paragraphs;  // the whole article body
  int free_paragraphs = -1;             // >= 0: paywalled after this many
  Metadata metadata = Metadata::kJsonLd;
  std::string charset = "utf-8";
  std::string syndicated_from_slug;     // wire original's "<publisher>/<slug>"
  bool in_feed = true;                  // false: only the sitemap lists it
  std::vector<std::string> tags;
};

const std::vector<Publisher>& Publishers();
const Publisher& PublisherById(const std::string& id);

// English-language articles (content.cc) and Chinese/Japanese ones
// (content_zh.cc); ArticleTable() is both, in a fixed order.
std::vector<Article> EnglishArticles();
std::vector<Article> AsianArticles();
const std::vector<Article>& ArticleTable();

// "/harbour-times/2025/10/typhoon-mirae.html"
std::string ArticlePath(const Article& article);
// "/harbour-times/images/typhoon-mirae.png"
std::string ImagePath(const Article& article);
bool IsPaywalled(const Article& article);
// The caption as printed, ending with its sentence stop ("." or "。"); the
// credit follows it on the page ("… in August. Photo: Getty Images").
std::string CaptionSentence(const Article& article);
// The paragraphs a reader without a subscription sees.
std::vector<std::string> VisibleParagraphs(const Article& article);

}  // namespace herald::demo
