#include "demo/feeds.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>

#include "common/html_escape.h"
#include "demo/dates.h"
#include "demo/hub.h"
#include "demo/images.h"

namespace herald::demo {
namespace {

// Insertion order kept, so "@context" and "version" come first as publishers write them.
using json = nlohmann::ordered_json;

// EscapeHtml's output (&amp; &lt; &gt; &quot; &#39;) is also valid XML.
std::string X(const std::string& text) { return EscapeHtml(text); }

std::string Element(const std::string& name, const std::string& text) {
  return "<" + name + ">" + X(text) + "</" + name + ">";
}

// CDATA cannot hold "]]>", so split it across two sections.
std::string Cdata(const std::string& text) {
  std::string out = "<![CDATA[";
  size_t start = 0;
  for (size_t pos = text.find("]]>"); pos != std::string::npos; pos = text.find("]]>", start)) {
    out += text.substr(start, pos + 2 - start) + "]]><![CDATA[";
    start = pos + 2;
  }
  return out + text.substr(start) + "]]>";
}

// Feed content: what a non-subscriber may read, as HTML paragraphs.
std::string ContentHtml(const Article& article) {
  std::string out;
  for (const std::string& p : VisibleParagraphs(article)) out += "<p>" + EscapeHtml(p) + "</p>";
  return out;
}

int64_t Utc(const LocalTime& t) { return ToTimestamp(t).utc_seconds; }

// Articles a feed lists (publisher_id "" = all, sitemap included), newest first.
std::vector<const Article*> Listed(const std::string& publisher_id, bool sitemap) {
  std::vector<const Article*> out;
  for (const Article& a : ArticleTable())
    if ((publisher_id.empty() || a.publisher_id == publisher_id) && (sitemap || a.in_feed)) out.push_back(&a);
  std::stable_sort(out.begin(), out.end(),
                   [](const Article* a, const Article* b) { return Utc(a->published) > Utc(b->published); });
  return out;
}

LocalTime NewestModified(const std::vector<const Article*>& articles) {
  LocalTime newest;
  int64_t best = INT64_MIN;
  for (const Article* a : articles)
    if (Utc(a->modified) > best) best = Utc(a->modified), newest = a->modified;
  return newest;
}

std::string Rss(const Publisher& publisher, const std::string& base_url) {
  auto articles = Listed(publisher.id, false);
  std::string home = base_url + "/" + publisher.id + "/";
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
      "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n" +
      Element("title", publisher.name) + "\n" + Element("link", home) + "\n" +
      Element("description", publisher.tagline) + "\n" + Element("language", publisher.language) + "\n" +
      Element("lastBuildDate", Rfc822(NewestModified(articles))) + "\n<atom:link href=\"" +
      X(base_url + FeedPath(publisher)) + "\" rel=\"self\" type=\"application/rss+xml\"/>\n<atom:link href=\"" +
      X(base_url + kHubPath) + "\" rel=\"hub\"/>\n";
  for (const Article* a : articles) {
    std::string url = base_url + ArticlePath(*a);
    out += "<item>\n" + Element("title", a->title) + "\n" + Element("link", url) + "\n<guid isPermaLink=\"false\">" +
           X(publisher.id + ":" + a->slug) + "</guid>\n" + Element("description", a->summary) + "\n" +
           "<content:encoded>" + Cdata(ContentHtml(*a)) + "</content:encoded>\n";
    for (const std::string& name : a->authors) out += Element("dc:creator", name) + "\n";
    out += Element("pubDate", Rfc822(a->published)) + "\n";
    for (const std::string& tag : a->tags) out += Element("category", tag) + "\n";
    if (!a->caption.empty()) {
      std::string image = X(base_url + ImagePath(*a));
      out += "<enclosure url=\"" + image + "\" length=\"" + std::to_string(PlaceholderPng().size()) +
             "\" type=\"image/png\"/>\n<media:content url=\"" + image +
             "\" medium=\"image\" type=\"image/png\" width=\"1200\" height=\"675\">" +
             Element("media:description", a->caption) + Element("media:credit", a->credit) + "</media:content>\n";
    }
    out += "</item>\n";
  }
  return out + "</channel>\n</rss>\n";
}

// Atom; with xml:base, entry and image links are relative to the publisher.
std::string Atom(const Publisher& publisher, const std::string& base_url) {
  auto articles = Listed(publisher.id, false);
  std::string home = base_url + "/" + publisher.id + "/";
  auto link = [&](const std::string& absolute_path) {
    return publisher.feed_uses_xml_base ? absolute_path.substr(publisher.id.size() + 2) : base_url + absolute_path;
  };
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
                    publisher.language + "\"" +
                    (publisher.feed_uses_xml_base ? " xml:base=\"" + X(home) + "\"" : std::string()) + ">\n" +
                    Element("title", publisher.name) + "\n" + Element("subtitle", publisher.tagline) + "\n" +
                    Element("id", "urn:herald-demo:" + publisher.id) + "\n" +
                    Element("updated", Iso8601(NewestModified(articles))) + "\n<link rel=\"self\" href=\"" +
                    X(base_url + FeedPath(publisher)) + "\"/>\n<link rel=\"hub\" href=\"" + X(base_url + kHubPath) +
                    "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
                    X(home) + "\"/>\n";
  for (const Article* a : articles) {
    out += "<entry>\n<title type=\"text\">" + X(a->title) + "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
           X(link(ArticlePath(*a))) + "\"/>\n" + Element("id", "urn:herald-demo:" + publisher.id + ":" + a->slug) +
           "\n" + Element("published", Iso8601(a->published)) + "\n" + Element("updated", Iso8601(a->modified)) + "\n";
    for (const std::string& name : a->authors) out += "<author>" + Element("name", name) + "</author>\n";
    for (const std::string& tag : a->tags) out += "<category term=\"" + X(tag) + "\"/>\n";
    out += Element("summary", a->summary) + "\n<content type=\"html\">" + X(ContentHtml(*a)) + "</content>\n";
    if (!a->caption.empty())
      out += "<link rel=\"enclosure\" type=\"image/png\" length=\"" + std::to_string(PlaceholderPng().size()) +
             "\" href=\"" + X(link(ImagePath(*a))) + "\"/>\n";
    out += "</entry>\n";
  }
  return out + "</feed>\n";
}

std::string JsonFeed(const Publisher& publisher, const std::string& base_url) {
  auto articles = Listed(publisher.id, false);
  json items = json::array();
  for (const Article* a : articles) {
    json authors = json::array();
    for (const std::string& name : a->authors) authors.push_back({{"name", name}});
    json item = {{"id", publisher.id + ":" + a->slug},
                 {"url", base_url + ArticlePath(*a)},
                 {"title", a->title},
                 {"summary", a->summary},
                 {"content_html", ContentHtml(*a)},
                 {"date_published", Iso8601(a->published)},
                 {"date_modified", Iso8601(a->modified)},
                 {"authors", authors},
                 {"tags", a->tags},
                 {"language", a->language}};
    if (!a->caption.empty()) item["image"] = base_url + ImagePath(*a);
    items.push_back(item);
  }
  json feed = {{"version", "https://jsonfeed.org/version/1.1"},
               {"title", publisher.name},
               {"home_page_url", base_url + "/" + publisher.id + "/"},
               {"feed_url", base_url + FeedPath(publisher)},
               {"hubs", json::array({{{"type", "WebSub"}, {"url", base_url + kHubPath}}})},
               {"description", publisher.tagline},
               {"language", publisher.language},
               {"authors", json::array({{{"name", publisher.name}}})},
               {"items", items}};
  return feed.dump(2) + "\n";
}

// Google News wants "zh-cn" for Simplified Chinese.
std::string NewsLanguage(const std::string& language) { return language == "zh" ? "zh-cn" : language; }

}  // namespace

std::string FeedPath(const Publisher& publisher) {
  switch (publisher.feed) {
    case FeedFormat::kRss20: return "/" + publisher.id + "/rss.xml";
    case FeedFormat::kAtom10: return "/" + publisher.id + "/atom.xml";
    case FeedFormat::kJson11: return "/" + publisher.id + "/feed.json";
    case FeedFormat::kSitemapOnly: return "/" + publisher.id + "/sitemap-news.xml";
  }
  return "";
}

std::string FeedContentType(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss20: return "application/rss+xml; charset=utf-8";
    case FeedFormat::kAtom10: return "application/atom+xml; charset=utf-8";
    case FeedFormat::kJson11: return "application/feed+json; charset=utf-8";
    case FeedFormat::kSitemapOnly: return "application/xml; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string FeedFormatName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss20: return "rss20";
    case FeedFormat::kAtom10: return "atom10";
    case FeedFormat::kJson11: return "json11";
    case FeedFormat::kSitemapOnly: return "sitemap";
  }
  return "";
}

std::string RenderFeed(const Publisher& publisher, const std::string& base_url) {
  switch (publisher.feed) {
    case FeedFormat::kRss20: return Rss(publisher, base_url);
    case FeedFormat::kAtom10: return Atom(publisher, base_url);
    case FeedFormat::kJson11: return JsonFeed(publisher, base_url);
    case FeedFormat::kSitemapOnly: return RenderNewsSitemap(base_url, publisher.id);
  }
  return "";
}

std::string RenderNewsSitemap(const std::string& base_url, const std::string& publisher_id) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\" "
      "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n";
  for (const Article* a : Listed(publisher_id, true)) {
    std::string keywords;
    for (const std::string& tag : a->tags) keywords += (keywords.empty() ? "" : ", ") + tag;
    out += "<url>\n" + Element("loc", base_url + ArticlePath(*a)) + "\n" + Element("lastmod", Iso8601(a->modified)) +
           "\n<news:news>\n<news:publication>" + Element("news:name", PublisherById(a->publisher_id).name) +
           Element("news:language", NewsLanguage(a->language)) + "</news:publication>\n" +
           Element("news:publication_date", Iso8601(a->published)) + "\n" + Element("news:title", a->title) + "\n" +
           Element("news:keywords", keywords) + "\n</news:news>\n";
    if (!a->caption.empty())
      out += "<image:image>" + Element("image:loc", base_url + ImagePath(*a)) + Element("image:caption", a->caption) +
             "</image:image>\n";
    out += "</url>\n";
  }
  return out + "</urlset>\n";
}

int64_t LatestModified(const std::string& publisher_id) {
  return Utc(NewestModified(Listed(publisher_id, publisher_id.empty())));
}

}  // namespace herald::demo
