// Pieces every list page shares: teasers, times, interface strings, paging.
#include <algorithm>
#include <cstdlib>

#include "common/html_escape.h"
#include "common/strings.h"
#include "web/handlers/handlers.h"
#include "web/image_urls.h"

namespace herald::web {
namespace {

// The snippet, escaped, with every query word wrapped in <mark>.
std::string HighlightedSnippet(const std::string& snippet, const std::vector<std::string>& words) {
  std::string lower = ToLowerAscii(snippet);
  std::string out;
  for (size_t i = 0; i < snippet.size();) {
    size_t best = 0;
    for (const std::string& w : words)
      if (w.size() > best && lower.compare(i, w.size(), w) == 0) best = w.size();
    if (best) {
      out += "<mark>" + EscapeHtml(snippet.substr(i, best)) + "</mark>";
      i += best;
    } else {
      size_t len = 1;  // whole UTF-8 sequences
      while (i + len < snippet.size() && (static_cast<unsigned char>(snippet[i + len]) & 0xC0) == 0x80) ++len;
      out += EscapeHtml(snippet.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace

Object StringFields(const Strings& s) {
  return Object{{"s_by", s.by},
                {"s_published", s.published},
                {"s_photo", s.photo},
                {"s_source_link", s.source_link},
                {"s_read_full_at", s.read_full_at},
                {"s_related", s.related},
                {"s_premium", s.premium},
                {"s_donate", s.donate},
                {"s_search", s.search},
                {"s_search_placeholder", s.search_placeholder},
                {"s_newer", s.newer},
                {"s_older", s.older},
                {"s_back_home", s.back_home},
                {"s_powered_by", s.powered_by},
                {"s_topics", s.topics},
                {"s_also_published_by", s.also_published_by},
                {"s_full_coverage", s.full_coverage},
                {"s_by_publisher", s.by_publisher},
                {"s_timeline", s.timeline},
                {"s_languages", s.languages},
                {"s_top_stories", s.top_stories},
                {"s_no_stories", s.no_stories}};
}

void AddPublishedFields(const HandlerContext& ctx, const std::optional<Timestamp>& published, Object* out) {
  if (!published) return;
  (*out)["published_human"] = ctx.times.Human(*published);
  (*out)["published_iso"] = ctx.times.Iso(*published);
}

const TopicLink* FindTopic(const SiteOptions& options, const std::string& name) {
  for (const TopicLink& topic : options.topics)
    if (topic.name == name) return &topic;
  return nullptr;
}

int PageNumber(const httpd::Request& request) {
  auto it = request.query.find("page");
  if (it == request.query.end()) return 1;
  int n = std::atoi(it->second.c_str());
  return n >= 1 && n <= 100000 ? n : 1;
}

std::string RenderTeasers(const HandlerContext& ctx, const std::vector<store::ArticleSummary>& articles,
                          const std::vector<std::string>* highlight, int heading_level) {
  List teasers;
  for (const auto& a : articles) {
    Object t;
    t["href"] = "/article/" + std::to_string(a.id);
    t["title"] = a.title;
    t["publisher"] = a.source_name;
    // The one place teaser text becomes HTML: escaped, search words marked.
    t["excerpt_html"] = highlight && !a.snippet.empty() ? HighlightedSnippet(a.snippet, *highlight) : EscapeHtml(a.excerpt);
    t["paywalled"] = a.paywalled;
    if (std::string thumb = ProxiedImageUrl(ctx.options.image_path, a.lead_image_url, kThumbnailWidth);
        !a.lead_image_url.empty() && !thumb.empty()) {
      t["thumb"] = thumb;
      t["thumb_alt"] = a.title;
    }
    AddPublishedFields(ctx, a.published, &t);
    teasers.push_back(std::move(t));
  }
  Object data = StringFields(ctx.strings);
  data["articles"] = std::move(teasers);
  data["h"] = std::clamp(heading_level, 2, 6);
  return ctx.templates.teasers.Render(data);
}

std::string BaseUrl(const HandlerContext& ctx, const httpd::Request& request) {
  if (!ctx.options.base_url.empty()) return ctx.options.base_url;
  std::string host = request.Header("host");
  bool sane = !host.empty() && host.size() < 256 &&
              host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                  std::string::npos;
  return "http://" + (sane ? host : std::string("localhost"));
}

std::string PublicImageUrl(const HandlerContext& ctx, const std::string& base, const std::string& url) {
  if (url.empty() || !ctx.options.image_path) return url;
  std::string path = ProxiedImageUrl(ctx.options.image_path, url, kArticleImageWidth);
  return path.empty() || base.empty() ? "" : base + path;
}

std::string HtmlSafeJson(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

Page MessagePage(const HandlerContext& ctx, int status, const std::string& heading, const std::string& text) {
  Object data = StringFields(ctx.strings);
  data["heading"] = heading;
  data["text"] = text;
  Page out;
  out.status = status;
  out.title = heading;
  out.body = ctx.templates.message.Render(data);
  return out;
}

}  // namespace herald::web
