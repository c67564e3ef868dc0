#include "demo/newsroom.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <mutex>

#include "common/strings.h"
#include "demo/content.h"
#include "demo/dates.h"
#include "demo/faults.h"
#include "demo/feeds.h"
#include "demo/hub.h"
#include "demo/images.h"
#include "demo/pages.h"
#include "demo/transcode.h"

namespace herald::demo {
namespace {

using nlohmann::json;

std::string PathOfSlug(const std::string& publisher_and_slug) {
  for (const Article& a : ArticleTable())
    if (a.publisher_id + "/" + a.slug == publisher_and_slug) return ArticlePath(a);
  return "";
}

Truth ToTruth(const Article& a) {
  Truth t;
  t.path = ArticlePath(a);
  t.publisher = PublisherById(a.publisher_id).name;
  t.title = a.title;
  t.byline = a.authors;
  t.published = FormatIso8601(ToTimestamp(a.published));
  t.language = a.language;
  t.lead_image_caption = CaptionSentence(a);
  t.lead_image_credit = a.credit;
  t.paywalled = IsPaywalled(a);
  t.paragraphs = VisibleParagraphs(a);
  t.charset = a.charset;
  if (!a.syndicated_from_slug.empty()) t.syndicated_from = PathOfSlug(a.syndicated_from_slug);
  return t;
}

json TruthJson(const Truth& t, const std::string& base_url) {
  return {{"path", t.path},           {"url", base_url + t.path},
          {"publisher", t.publisher}, {"title", t.title},
          {"byline", t.byline},       {"published", t.published},
          {"language", t.language},   {"lead_image_caption", t.lead_image_caption},
          {"lead_image_credit", t.lead_image_credit},
          {"paywalled", t.paywalled}, {"paragraphs", t.paragraphs},
          {"charset", t.charset},     {"syndicated_from", t.syndicated_from}};
}

std::string GroundTruth(const std::string& base_url) {
  json articles = json::array();
  for (const Truth& t : Articles()) articles.push_back(TruthJson(t, base_url));
  json feeds = json::array();
  for (const FeedInfo& f : Feeds())
    feeds.push_back({{"publisher", f.publisher}, {"path", f.path}, {"url", base_url + f.path}, {"format", f.format}});
  return json{{"articles", articles}, {"feeds", feeds}}.dump(2) + "\n";
}

httpd::Response Make(int status, std::string content_type, std::string body) {
  httpd::Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
  for (const std::string& part : Split(if_none_match, ',')) {
    std::string_view tag = Trim(part);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

// Adds validators and answers 304 when the client's copy is current.
// If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
httpd::Response Validated(const httpd::Request& request, httpd::Response response, int64_t last_modified) {
  std::string etag = "\"" + Sha256Hex(response.body).substr(0, 20) + "\"";
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Last-Modified", HttpDate(last_modified));
  response.headers.emplace_back("Cache-Control", "public, max-age=60");
  std::string if_none_match = request.Header("if-none-match");
  bool fresh = false;
  if (!if_none_match.empty()) {
    fresh = EtagMatches(if_none_match, etag);
  } else if (auto since = ParseHttpDate(Trim(request.Header("if-modified-since")))) {
    fresh = *since >= last_modified;
  }
  if (fresh) {
    response.status = 304;
    response.body.clear();
  }
  return response;
}

std::string ToUpperCharset(const std::string& charset) {
  std::string out = charset;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

httpd::Response ArticleResponse(const Article& article, const std::string& base_url) {
  std::string html = RenderArticlePage(article, base_url);
  if (article.charset != "utf-8") {
    Result<std::string> encoded = EncodeHtml(html, article.charset);
    if (!encoded.ok()) return Make(500, "text/plain; charset=utf-8", "demo content bug: " + encoded.message() + "\n");
    html = std::move(encoded.value());
  }
  std::string charset = article.charset == "utf-8" ? "utf-8" : ToUpperCharset(article.charset);
  return Make(200, "text/html; charset=" + charset, std::move(html));
}

// "/<publisher>/images/<name>.png" for a known publisher.
bool IsImagePath(const std::string& path) {
  for (const Publisher& p : Publishers()) {
    std::string prefix = "/" + p.id + "/images/";
    if (path.size() > prefix.size() + 4 && path.compare(0, prefix.size(), prefix) == 0 &&
        path.compare(path.size() - 4, 4, ".png") == 0 && path.find('/', prefix.size()) == std::string::npos)
      return true;
  }
  return false;
}

// Absolute links follow the address the client used, when it looks sane.
std::string BaseUrlFromHost(const std::string& scheme, const std::string& host) {
  if (host.empty() || host.size() > 255) return "";
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != ':' && c != '-' && c != '[' && c != ']')
      return "";
  return scheme + "://" + host;
}

}  // namespace

const std::vector<Truth>& Articles() {
  static const std::vector<Truth> truths = [] {
    std::vector<Truth> out;
    for (const Article& a : ArticleTable()) out.push_back(ToTruth(a));
    return out;
  }();
  return truths;
}

const std::vector<FeedInfo>& Feeds() {
  static const std::vector<FeedInfo> feeds = [] {
    std::vector<FeedInfo> out;
    // One source per publisher, as a site would subscribe: the catch-all
    // /sitemap-news.xml is served but not offered, or every article would
    // be announced by two sources.
    for (const Publisher& p : Publishers()) out.push_back({p.name, FeedPath(p), FeedFormatName(p.feed)});
    return out;
  }();
  return feeds;
}

httpd::Response Serve(const httpd::Request& request, const std::string& base_url) {
  if (request.method != "GET" && request.method != "HEAD") {
    httpd::Response r = Make(405, "text/plain; charset=utf-8", "only GET and HEAD are served here\n");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  const std::string& path = request.path;
  if (path == "/") return Make(200, "text/html; charset=utf-8", RenderIndexPage());
  if (path == "/ground-truth.json")
    return Validated(request, Make(200, "application/json", GroundTruth(base_url)), LatestModified(""));
  if (path == "/sitemap-news.xml")
    return Validated(request, Make(200, FeedContentType(FeedFormat::kSitemapOnly), RenderNewsSitemap(base_url)),
                     LatestModified(""));
  for (const Publisher& p : Publishers()) {
    if (!FeedPath(p).empty() && path == FeedPath(p))
      return Validated(request, Make(200, FeedContentType(p.feed), RenderFeed(p, base_url)), LatestModified(p.id));
    if (path == "/" + p.id + "/") return Make(200, "text/html; charset=utf-8", RenderPublisherHome(p));
  }
  if (path.rfind("/faults/", 0) == 0) {
    if (auto fault = ServeFault(request, base_url, Articles().front().path)) return *fault;
  }
  for (const Article& a : ArticleTable())
    if (path == ArticlePath(a)) return Validated(request, ArticleResponse(a, base_url), ToTimestamp(a.modified).utc_seconds);
  if (IsImagePath(path)) {
    httpd::Response r = Make(200, "image/png", std::string(PlaceholderPng()));
    r.headers.emplace_back("Cache-Control", "public, max-age=86400");
    return r;
  }
  return Make(404, "text/html; charset=utf-8", RenderNotFoundPage(path));
}

namespace {

// Plain HTTP or, with a certificate in `options`, HTTPS.
Result<std::unique_ptr<httpd::Server>> StartServing(const httpd::ServerOptions& options, std::shared_ptr<Hub> hub) {
  // The handler needs the server's own URL, known only once it listens.
  struct Shared {
    std::mutex mu;
    std::string base_url;
  };
  auto shared = std::make_shared<Shared>();
  const std::string scheme = options.tls_cert_file.empty() ? "http" : "https";
  auto server = httpd::Server::Start(options, [shared, hub, scheme](const httpd::Request& request) {
    if (hub && request.path == kHubPath) return hub->Handle(request);
    std::string base = BaseUrlFromHost(scheme, request.Header("host"));
    if (base.empty()) {
      std::lock_guard<std::mutex> lock(shared->mu);
      base = shared->base_url;
    }
    return Serve(request, base);
  });
  if (!server.ok()) return server.error();
  std::lock_guard<std::mutex> lock(shared->mu);
  shared->base_url = (*server)->base_url();
  return server;
}

}  // namespace

Result<std::unique_ptr<httpd::Server>> StartNewsroom(const std::string& host, uint16_t port) {
  return StartNewsroomWithHub(host, port, std::make_shared<Hub>());
}

Result<std::unique_ptr<httpd::Server>> StartNewsroomWithHub(const std::string& host, uint16_t port,
                                                            std::shared_ptr<Hub> hub) {
  httpd::ServerOptions options;
  options.host = host;
  options.port = port;
  return StartServing(options, std::move(hub));
}

Result<std::unique_ptr<httpd::Server>> StartNewsroomTls(const std::string& host, uint16_t port,
                                                        const std::string& cert_file, const std::string& key_file) {
  httpd::ServerOptions options;
  options.host = host;
  options.port = port;
  options.tls_cert_file = cert_file;
  options.tls_key_file = key_file;
  return StartServing(options, std::make_shared<Hub>());
}

}  // namespace herald::demo
