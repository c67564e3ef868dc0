// One function per page. Each reads what it needs from the store, fills a
// template's data and returns the page body plus what the layout needs.
#pragma once

#include <string>

#include "httpd/server.h"
#include "store/store.h"
#include "web/site.h"
#include "web/template.h"
#include "web/templates.h"

namespace herald::web {

// What a handler hands to the layout.
struct Page {
  int status = 200;
  std::string title;        // <title>; the site title is appended
  std::string body;         // rendered HTML
  Object head;              // extra layout fields: canonical, description, og...
  std::string lang;         // <html lang>, "" = site language
};

struct HandlerContext {
  store::Store& store;
  const SiteOptions& options;
  const Templates& templates;
};

Page HomePage(const HandlerContext& ctx, const httpd::Request& request);
Page ArticlePage(const HandlerContext& ctx, int64_t article_id);
Page MessagePage(const HandlerContext& ctx, int status, const std::string& heading, const std::string& text);

// Fields shared by teasers and the article page: publisher, times.
void AddPublishedFields(const std::optional<Timestamp>& published, Object* out);

}  // namespace herald::web
