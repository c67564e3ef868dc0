// What machines read besides the API: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for
// the site, each source and each topic, sitemap.xml, a Google News sitemap, and
// robots.txt. Items link to our article pages and credit the publisher.
#include <nlohmann/json.hpp>

#include <date/date.h>

#include <chrono>
#include <cstdlib>

#include "common/html_escape.h"
#include "common/strings.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

constexpr int kFeedItems = 50;

// Valid UTF-8 without the control characters XML 1.0 forbids (and JSON
// readers choke on).
std::string Clean(std::string_view s) {
  std::string clean;
  for (char c : ToValidUtf8(s)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    clean += c;
  }
  return clean;
}

// XML text and attribute values.
std::string Xml(std::string_view s) { return EscapeHtml(Clean(s)); }
// Plain text into an element readers render as HTML (RSS <description>):
// escaped as HTML first, then as XML, so "<script>" in an excerpt stays text.
std::string HtmlTextInXml(std::string_view s) { return Xml(EscapeHtml(Clean(s))); }

std::string Rfc822(int64_t utc) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", date::sys_seconds{std::chrono::seconds{utc}});
}

std::string Iso(int64_t utc) { return FormatIso8601(Timestamp{utc, 0, true}); }

struct FeedMeta {
  std::string title;
  std::string self_url;   // this feed
  std::string home_url;   // the page it mirrors
};

std::string Rss(const FeedMeta& m, const std::string& base, const std::vector<store::ArticleSummary>& items) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
      "<channel>\n<title>" + Xml(m.title) + "</title>\n<link>" + Xml(m.home_url) + "</link>\n<description>" +
      HtmlTextInXml(m.title) + "</description>\n<atom:link href=\"" + Xml(m.self_url) +
      "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  for (const auto& a : items) {
    std::string link = base + "/article/" + std::to_string(a.id);
    out += "<item>\n<title>" + Xml(a.title) + "</title>\n<link>" + Xml(link) + "</link>\n<guid isPermaLink=\"true\">" +
           Xml(link) + "</guid>\n<pubDate>" + Rfc822(a.sort_utc) + "</pubDate>\n<description>" + HtmlTextInXml(a.excerpt) +
           "</description>\n<source url=\"" + Xml(a.url) + "\">" + Xml(a.source_name) + "</source>\n</item>\n";
  }
  return out + "</channel>\n</rss>\n";
}

std::string Atom(const FeedMeta& m, const std::string& base, const std::vector<store::ArticleSummary>& items) {
  int64_t updated = items.empty() ? 0 : items.front().sort_utc;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>" +
                    Xml(m.title) + "</title>\n<id>" + Xml(m.self_url) + "</id>\n<updated>" + Iso(updated) +
                    "</updated>\n<link rel=\"self\" href=\"" + Xml(m.self_url) + "\"/>\n<link rel=\"alternate\" href=\"" +
                    Xml(m.home_url) + "\"/>\n";
  for (const auto& a : items) {
    std::string link = base + "/article/" + std::to_string(a.id);
    out += "<entry>\n<title>" + Xml(a.title) + "</title>\n<id>" + Xml(link) + "</id>\n<link rel=\"alternate\" href=\"" +
           Xml(link) + "\"/>\n<link rel=\"via\" href=\"" + Xml(a.url) + "\"/>\n<updated>" + Iso(a.sort_utc) +
           "</updated>\n<published>" + Iso(a.sort_utc) + "</published>\n<author><name>" + Xml(a.source_name) +
           "</name></author>\n<summary>" + Xml(a.excerpt) + "</summary>\n</entry>\n";
  }
  return out + "</feed>\n";
}

std::string JsonFeed(const FeedMeta& m, const std::string& base, const std::vector<store::ArticleSummary>& items) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : items) {
    std::string link = base + "/article/" + std::to_string(a.id);
    nlohmann::json item = {{"id", link},
                           {"url", link},
                           {"external_url", a.url},
                           {"title", Clean(a.title)},
                           {"content_text", Clean(a.excerpt)},
                           {"summary", Clean(a.excerpt)},
                           {"date_published", Iso(a.sort_utc)},
                           {"authors", {{{"name", Clean(a.source_name)}}}}};
    if (!a.lead_image_url.empty()) item["image"] = a.lead_image_url;
    if (!a.language.empty()) item["language"] = a.language;
    list.push_back(item);
  }
  nlohmann::json feed = {{"version", "https://jsonfeed.org/version/1.1"},
                         {"title", Clean(m.title)},
                         {"home_page_url", m.home_url},
                         {"feed_url", m.self_url},
                         {"items", list}};
  return feed.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<httpd::Response> Feed(const std::string& kind, const FeedMeta& meta, const std::string& base,
                                    const std::vector<store::ArticleSummary>& items) {
  if (kind == "feed.xml") return httpd::Response{200, "application/rss+xml; charset=utf-8", {}, Rss(meta, base, items)};
  if (kind == "atom.xml") return httpd::Response{200, "application/atom+xml; charset=utf-8", {}, Atom(meta, base, items)};
  if (kind == "feed.json") return httpd::Response{200, "application/feed+json; charset=utf-8", {}, JsonFeed(meta, base, items)};
  return std::nullopt;
}

httpd::Response Sitemap(const HandlerContext& ctx, const std::string& base, bool news) {
  auto rows = ctx.store.LatestArticles(news ? 1000 : 50000, 0);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"" +
                    std::string(news ? " xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"" : "") + ">\n";
  if (!news) out += "<url><loc>" + Xml(base + "/") + "</loc></url>\n";
  int64_t two_days_ago = NowUtcSeconds() - 2 * 86400;
  if (rows.ok()) {
    for (const auto& a : *rows) {
      if (news && a.sort_utc < two_days_ago) break;  // Google News takes the last two days
      out += "<url><loc>" + Xml(base + "/article/" + std::to_string(a.id)) + "</loc>";
      if (news) {
        out += "<news:news><news:publication><news:name>" + Xml(ctx.options.title) + "</news:name><news:language>" +
               Xml(a.language.empty() ? "en" : a.language) + "</news:language></news:publication>"
               "<news:publication_date>" + Iso(a.sort_utc) + "</news:publication_date><news:title>" + Xml(a.title) +
               "</news:title></news:news>";
      } else {
        out += "<lastmod>" + Iso(a.sort_utc) + "</lastmod>";
      }
      out += "</url>\n";
    }
  }
  return {200, "application/xml; charset=utf-8", {}, out + "</urlset>\n"};
}

}  // namespace

std::optional<httpd::Response> FeedResponse(const HandlerContext& ctx, const httpd::Request& request) {
  const std::string& path = request.path;
  std::string base = BaseUrl(ctx, request);
  if (path == "/robots.txt") {
    return httpd::Response{200, "text/plain; charset=utf-8", {},
                           "User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /api/\n\nSitemap: " + base +
                               "/sitemap.xml\n"};
  }
  if (path == "/sitemap.xml") return Sitemap(ctx, base, false);
  if (path == "/news-sitemap.xml") return Sitemap(ctx, base, true);
  if (path == "/feed.xml" || path == "/atom.xml" || path == "/feed.json") {
    auto rows = ctx.store.LatestArticles(kFeedItems, 0);
    if (!rows.ok()) return httpd::Response{500, "text/plain; charset=utf-8", {}, "try again shortly\n"};
    return Feed(path.substr(1), {ctx.options.title, base + path, base + "/"}, base, *rows);
  }
  static const std::string kTopic = "/topic/";
  if (path.rfind(kTopic, 0) == 0) {
    size_t slash = path.find('/', kTopic.size());
    if (slash == std::string::npos) return std::nullopt;
    const TopicLink* topic = FindTopic(ctx.options, path.substr(kTopic.size(), slash - kTopic.size()));
    if (topic == nullptr) return std::nullopt;  // the 404 page
    store::ArticleFilter filter;
    filter.topic = topic->name;
    auto rows = ctx.store.ListArticles(filter, kFeedItems);
    if (!rows.ok()) return httpd::Response{500, "text/plain; charset=utf-8", {}, "try again shortly\n"};
    return Feed(path.substr(slash + 1), {ctx.options.title + ": " + topic->title, base + path, base + kTopic + topic->name},
                base, *rows);
  }
  static const std::string kSource = "/source/";
  if (path.rfind(kSource, 0) == 0) {
    size_t slash = path.find('/', kSource.size());
    if (slash == std::string::npos) return std::nullopt;
    std::string id_text = path.substr(kSource.size(), slash - kSource.size());
    std::string kind = path.substr(slash + 1);
    if (id_text.empty() || id_text.size() > 18 || id_text.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    int64_t id = std::strtoll(id_text.c_str(), nullptr, 10);
    auto source = ctx.store.GetSource(id);
    if (!source.ok() || !source->has_value()) return std::nullopt;
    auto rows = ctx.store.SourceArticles(id, kFeedItems, 0);
    if (!rows.ok()) return httpd::Response{500, "text/plain; charset=utf-8", {}, "try again shortly\n"};
    std::string home = base + kSource + id_text;
    return Feed(kind, {ctx.options.title + ": " + (*source)->name, base + path, home}, base, *rows);
  }
  return std::nullopt;
}

}  // namespace herald::web
