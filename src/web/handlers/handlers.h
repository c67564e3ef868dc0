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
Page MessagePage(const HandlerContext& ctx, int status, const std::string& heading, const std::string& text);

// Machine interfaces answer with whole responses (no page layout).
httpd::Response ApiResponse(const HandlerContext& ctx, const httpd::Request& request);   // /api/v1/...
// Output feeds, sitemaps and robots.txt; nullopt when the path is none of them.
std::optional<httpd::Response> FeedResponse(const HandlerContext& ctx, const httpd::Request& request);

// Shared pieces.
Object StringFields(const Strings& s);  // s_* fields for templates
// Teasers; with `highlight`, search snippets with those words in <mark>.
std::string RenderTeasers(const HandlerContext& ctx, const std::vector<store::ArticleSummary>& articles,
                          const std::vector<std::string>* highlight = nullptr);
void AddPublishedFields(const HandlerContext& ctx, const std::optional<Timestamp>& published, Object* out);
int PageNumber(const httpd::Request& request);
// The configured topic called `name`, or null.
const TopicLink* FindTopic(const SiteOptions& options, const std::string& name);

}  // namespace herald::web
