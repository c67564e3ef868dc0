#include <cstdlib>

#include "web/format.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

int PageNumber(const httpd::Request& request) {
  auto it = request.query.find("page");
  if (it == request.query.end()) return 1;
  int n = std::atoi(it->second.c_str());
  return n >= 1 && n <= 100000 ? n : 1;
}

Value Teaser(const store::ArticleSummary& a) {
  Object t;
  t["href"] = "/article/" + std::to_string(a.id);
  t["title"] = a.title;
  t["publisher"] = a.source_name;
  t["excerpt"] = a.excerpt;
  t["paywalled"] = a.paywalled;
  if (!a.lead_image_url.empty()) {
    t["thumb"] = a.lead_image_url;
    t["thumb_alt"] = a.title;
  }
  AddPublishedFields(a.published, &t);
  return t;
}

}  // namespace

void AddPublishedFields(const std::optional<Timestamp>& published, Object* out) {
  if (!published) return;
  (*out)["published_human"] = FormatPublished(*published);
  (*out)["published_iso"] = FormatIso8601(*published);
}

Page HomePage(const HandlerContext& ctx, const httpd::Request& request) {
  int page = PageNumber(request);
  int per_page = ctx.options.articles_per_page;
  // One extra row tells whether an older page exists.
  auto rows = ctx.store.LatestArticles(per_page + 1, (page - 1) * per_page);
  if (!rows.ok()) return MessagePage(ctx, 500, "Something went wrong", "The news could not be loaded. Try again shortly.");
  bool has_older = static_cast<int>(rows->size()) > per_page;
  if (has_older) rows->pop_back();
  List teasers;
  for (const auto& a : *rows) teasers.push_back(Teaser(a));
  Object data;
  data["articles"] = std::move(teasers);
  if (page > 1) data["prev_href"] = page == 2 ? std::string("/") : "/?page=" + std::to_string(page - 1);
  if (has_older) data["next_href"] = "/?page=" + std::to_string(page + 1);
  Page out;
  out.title = page == 1 ? "" : "Page " + std::to_string(page);
  out.body = ctx.templates.home.Render(data);
  out.head["description"] = ctx.options.tagline;
  return out;
}

Page MessagePage(const HandlerContext& ctx, int status, const std::string& heading, const std::string& text) {
  Page out;
  out.status = status;
  out.title = heading;
  out.body = ctx.templates.message.Render(Object{{"heading", heading}, {"text", text}});
  return out;
}

}  // namespace herald::web
