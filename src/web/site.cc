#include "web/site.h"

#include <cstdlib>

#include "httpd/http_cache.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

// "/article/42" with prefix "/article/" -> 42; 0 when the path is not that.
int64_t IdFromPath(const std::string& path, const std::string& prefix) {
  if (path.rfind(prefix, 0) != 0) return 0;
  std::string rest = path.substr(prefix.size());
  if (rest.empty() || rest.size() > 18) return 0;
  for (char c : rest)
    if (c < '0' || c > '9') return 0;
  return std::strtoll(rest.c_str(), nullptr, 10);
}

// The pages Route renders from the store alone (so they can be cached):
// feeds, the API and images have their own validators or none.
bool IsCachedPage(const httpd::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") return false;
  const std::string& path = request.path;
  if (path == "/" || path == "/search" || path == "/stories") return true;
  if (IdFromPath(path, "/article/") > 0 || IdFromPath(path, "/source/") > 0 || IdFromPath(path, "/stories/") > 0)
    return true;
  return path.rfind("/topic/", 0) == 0 && path.find('/', 7) == std::string::npos;
}

}  // namespace

Result<std::unique_ptr<Site>> Site::Create(store::Store& store, SiteOptions options) {
  auto templates = Templates::Compile();
  if (!templates.ok()) return templates.error();
  auto times = TimeFormatter::Create(options.time_zone, options.language);
  if (!times.ok()) return times.error();
  ViewCounterOptions view_options;
  view_options.time_zone = options.time_zone.empty() ? "UTC" : options.time_zone;
  view_options.flush_interval_seconds = options.view_flush_seconds;
  auto views = ViewCounter::Create(store, view_options);
  if (!views.ok()) return views.error();
  return std::unique_ptr<Site>(new Site(store, std::move(options), std::move(*templates), *times, std::move(*views)));
}

httpd::Response Site::Handle(const httpd::Request& request) {
  // ETag/304 and compression for every page, feed and API answer alike.
  if (!IsCachedPage(request)) return httpd::Negotiate(request, Route(request));
  std::string key = options_.language + ' ' + request.target;
  PageCache::Lookup found = cache_->Find(key);
  std::shared_ptr<const CachedPage> page = found.page;
  if (page == nullptr) {
    page = std::make_shared<const CachedPage>(Route(request));
    if (page->response.status == 200) cache_->Insert(key, page, found.version);
  }
  return Serve(request, *page);
}

httpd::Response Site::Serve(const httpd::Request& request, const CachedPage& page) {
  int64_t article_id = IdFromPath(request.path, "/article/");
  if (article_id == 0 || page.response.status != 200) return httpd::Negotiate(request, page.response, page.hash);
  store::Store::ViewCounts views = views_->Record(article_id, request);
  std::string views_text = strings_.ViewCount(views.total, views.today);
  httpd::Response out;
  out.status = page.response.status;
  out.content_type = page.response.content_type;
  out.headers = page.response.headers;
  out.body = FillViews(page.response.body, views_text);
  // The final body is a function of the page and the text filled in: so is its name.
  return httpd::Negotiate(request, std::move(out), httpd::ContentHash(page.hash + '\0' + views_text));
}

httpd::Response Site::Route(const httpd::Request& request) {
  if (request.method != "GET" && request.method != "HEAD")
    return {405, "text/plain; charset=utf-8", {{"Allow", "GET, HEAD"}}, "method not allowed\n"};
  if (request.path == "/healthz") return HealthResponse(store_);
  if (request.path == "/metrics") return MetricsResponse(store_);
  if (request.path == "/static/style.css")
    return {200, "text/css; charset=utf-8", {{"Cache-Control", "public, max-age=3600"}}, kStyleCss};
  if (options_.serve_image && request.path.rfind("/img/", 0) == 0) return options_.serve_image(request);

  HandlerContext ctx{store_, options_, templates_, times_, strings_, *views_};
  if (request.path.rfind("/api/", 0) == 0) return ApiResponse(ctx, request);
  if (auto machine = FeedResponse(ctx, request)) return *machine;
  Page page;
  if (request.path == "/") {
    page = HomePage(ctx, request);
  } else if (request.path == "/search") {
    page = SearchPage(ctx, request);
  } else if (int64_t id = IdFromPath(request.path, "/article/"); id > 0) {
    page = ArticlePage(ctx, request, id);
  } else if (int64_t story = IdFromPath(request.path, "/stories/"); story > 0) {
    page = StoryPage(ctx, request, story);
  } else if (request.path == "/stories") {
    page = StoriesPage(ctx, request);
  } else if (int64_t source = IdFromPath(request.path, "/source/"); source > 0) {
    page = SourcePage(ctx, request, source);
  } else if (request.path.rfind("/topic/", 0) == 0 && request.path.find('/', 7) == std::string::npos) {
    page = TopicPage(ctx, request, request.path.substr(7));
  } else {
    page = MessagePage(ctx, 404, strings_.not_found_title, strings_.not_found_text);
  }
  if (!page.redirect.empty())
    return {301, "text/plain; charset=utf-8", {{"Location", page.redirect}, {"Cache-Control", "no-cache"}},
            "moved to " + page.redirect + "\n"};

  Object layout = StringFields(strings_);
  for (auto& [key, value] : page.head) layout[key] = value;
  layout["lang"] = page.lang.empty() ? std::string(strings_.lang) : page.lang;
  layout["page_title"] = page.title.empty() ? options_.title : page.title + " · " + options_.title;
  layout["site_title"] = options_.title;
  layout["site_tagline"] = options_.tagline;
  layout["donate_url"] = options_.donate_url;
  layout["body"] = std::move(page.body);
  httpd::Response response;
  response.status = page.status;
  response.body = templates_.layout.Render(layout);
  response.headers = {{"Content-Security-Policy",
                       // With the proxy, the browser itself holds pages to it.
                       std::string("default-src 'none'; img-src ") + (options_.image_path ? "'self'" : "*") +
                           " data:; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"Referrer-Policy", "strict-origin-when-cross-origin"},
                      {"Cache-Control", "no-cache"}};
  return response;
}

}  // namespace herald::web
