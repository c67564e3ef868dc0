#include "web/site.h"

#include <cstdlib>

#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

// "/article/42" -> 42; 0 when the path is not an article path.
int64_t ArticleIdFromPath(const std::string& path) {
  static const std::string kPrefix = "/article/";
  if (path.rfind(kPrefix, 0) != 0) return 0;
  std::string rest = path.substr(kPrefix.size());
  if (rest.empty() || rest.size() > 18) return 0;
  for (char c : rest)
    if (c < '0' || c > '9') return 0;
  return std::strtoll(rest.c_str(), nullptr, 10);
}

}  // namespace

Result<std::unique_ptr<Site>> Site::Create(store::Store& store, SiteOptions options) {
  auto templates = Templates::Compile();
  if (!templates.ok()) return templates.error();
  return std::unique_ptr<Site>(new Site(store, std::move(options), std::move(*templates)));
}

httpd::Response Site::Handle(const httpd::Request& request) {
  if (request.method != "GET" && request.method != "HEAD")
    return {405, "text/plain; charset=utf-8", {{"Allow", "GET, HEAD"}}, "method not allowed\n"};
  if (request.path == "/static/style.css")
    return {200, "text/css; charset=utf-8", {{"Cache-Control", "public, max-age=3600"}}, kStyleCss};

  HandlerContext ctx{store_, options_, templates_};
  Page page;
  if (request.path == "/") {
    page = HomePage(ctx, request);
  } else if (int64_t id = ArticleIdFromPath(request.path); id > 0) {
    page = ArticlePage(ctx, id);
  } else {
    page = MessagePage(ctx, 404, "Page not found", "There is nothing at this address.");
  }

  Object layout = page.head;
  layout["lang"] = page.lang.empty() ? options_.language : page.lang;
  layout["page_title"] = page.title.empty() ? options_.title : page.title + " · " + options_.title;
  layout["site_title"] = options_.title;
  layout["site_tagline"] = options_.tagline;
  layout["donate_url"] = options_.donate_url;
  layout["body"] = std::move(page.body);
  httpd::Response response;
  response.status = page.status;
  response.body = templates_.layout.Render(layout);
  response.headers = {{"Content-Security-Policy", "default-src 'self'; img-src * data:; style-src 'self'"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"Referrer-Policy", "strict-origin-when-cross-origin"}};
  return response;
}

}  // namespace herald::web
