// One function per page. Each reads what it needs from the store, fills a
// template's data and returns the page body plus what the layout needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "httpd/server.h"
#include "store/store.h"
#include "web/format.h"
#include "web/i18n.h"
#include "web/site.h"
#include "web/template.h"
#include "web/templates.h"
#include "web/view_counter.h"

namespace herald::web {

// What a handler hands to the layout.
struct Page {
  int status = 200;
  std::string title;        // <title>; the site title is appended
  std::string body;         // rendered HTML
  Object head;              // extra layout fields: canonical, description, og..., query
  std::string lang;         // <html lang>, "" = site language
  std::string redirect;     // non-empty: answer 301 to this path instead (a story merged away)
};

struct HandlerContext {
  store::Store& store;
  const SiteOptions& options;
  const Templates& templates;
  const TimeFormatter& times;
  const Strings& strings;
  ViewCounter& views;
};

Page HomePage(const HandlerContext& ctx, const httpd::Request& request);
Page SearchPage(const HandlerContext& ctx, const httpd::Request& request);
Page SourcePage(const HandlerContext& ctx, const httpd::Request& request, int64_t source_id);
// `name` from /topic/{name}; 404 unless it is a configured topic.
Page TopicPage(const HandlerContext& ctx, const httpd::Request& request, const std::string& name);
Page ArticlePage(const HandlerContext& ctx, const httpd::Request& request, int64_t article_id);
// Full coverage of one story; a 301 to the survivor for a story merged away.
Page StoryPage(const HandlerContext& ctx, const httpd::Request& request, int64_t story_id);
// Stories with two or more sources, most recently updated first (?before=LASTUTC_ID).
Page StoriesPage(const HandlerContext& ctx, const httpd::Request& request);
Page MessagePage(const HandlerContext& ctx, int status, const std::string& heading, const std::string& text);

// Machine interfaces answer with whole responses (no page layout).
httpd::Response ApiResponse(const HandlerContext& ctx, const httpd::Request& request);   // /api/v1/...
// /healthz: 200 "ok" when the store answers a ping, else 503; never cached.
httpd::Response HealthResponse(store::Store& store);
// /metrics: the Prometheus text format (common/metrics.h) plus the job queue
// read from the store at scrape time; never cached.
httpd::Response MetricsResponse(store::Store& store);
// Output feeds, sitemaps and robots.txt; nullopt when the path is none of them.
std::optional<httpd::Response> FeedResponse(const HandlerContext& ctx, const httpd::Request& request);

// Shared pieces.
Object StringFields(const Strings& s);  // s_* fields for templates
// Teasers; with `highlight`, search snippets with those words in <mark>.
// Their titles are <h2> unless nested deeper (`heading_level`).
std::string RenderTeasers(const HandlerContext& ctx, const std::vector<store::ArticleSummary>& articles,
                          const std::vector<std::string>* highlight = nullptr, int heading_level = 2);
// The site's absolute base: [site] base_url, else from the Host header (only
// for answers that are never cached: a page must not keep a client's Host).
std::string BaseUrl(const HandlerContext& ctx, const httpd::Request& request);
// An image URL for other sites' readers (og:image, JSON-LD, the API):
// absolute, and through the proxy when it is on, on `base`. "" when there is
// no image or the proxy is on and cannot take it or `base` is "".
std::string PublicImageUrl(const HandlerContext& ctx, const std::string& base, const std::string& url);

// JSON text with '<', '>' and '&' as \u escapes (they occur only inside
// strings): it cannot close a <script> element it sits in, nor be read as
// HTML by a client that sniffs.
std::string HtmlSafeJson(const std::string& json);

// What /stories/{id} and /api/v1/stories/{id} answer.
struct StoryLookup {
  enum Kind { kFound, kMoved, kMissing, kFailed } kind = kFailed;
  int64_t survivor = 0;                         // kMoved: the story it was merged into
  store::StorySummary story;                    // kFound
  std::vector<store::ArticleSummary> articles;  // kFound: oldest first
};
StoryLookup LookUpStory(store::Store& store, int64_t story_id);

// A story's articles by publisher, publishers in the order they first
// covered it, each article once.
struct PublisherCoverage {
  int64_t source_id = 0;
  std::string name;
  std::vector<store::ArticleSummary> articles;  // oldest first
};
std::vector<PublisherCoverage> GroupByPublisher(const std::vector<store::ArticleSummary>& articles);
void AddPublishedFields(const HandlerContext& ctx, const std::optional<Timestamp>& published, Object* out);
int PageNumber(const httpd::Request& request);
// The configured topic called `name`, or null.
const TopicLink* FindTopic(const SiteOptions& options, const std::string& name);

}  // namespace herald::web
