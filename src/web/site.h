// web/: the reader's side. Site routes requests to one small handler per page
// and renders them with escaping templates.
//
//   GET /                     latest articles (?page=N)
//   GET /article/{id}         one article, with view counter and related articles
//   GET /search?q=...         full-text search (&source=ID &lang=xx &from=YYYY-MM-DD &to=YYYY-MM-DD &page=N)
//   GET /source/{id}          one publisher's articles
//   GET /stories/{id}         one story's full coverage; 301 to the survivor for a story merged away
//   GET /stories              stories with two or more sources (?before=LASTUTC_ID)
//   GET /topic/{name}         one topic's articles (?page=N); 404 for a topic not configured
//   GET /topic/{name}/feed.xml | atom.xml | feed.json
//   GET /source/{id}/feed.xml | atom.xml | feed.json, /feed.xml, /atom.xml, /feed.json
//   GET /sitemap.xml, /news-sitemap.xml, /robots.txt
//   GET /api/v1/...           JSON API (docs/api.md)
//   GET /static/style.css     stylesheet
//   GET /img/...              proxied images, when SiteOptions::serve_image is set
//   anything else             404 page
//
// Pages (home, article, source, topic, search, stories) are cached rendered
// (page_cache.h) until the store's content changes; the view counter is
// filled in per request. Every 200 answer to GET/HEAD carries a strong ETag
// over the final body (304 on If-None-Match)
// and is gzipped for clients that accept it (httpd/http_cache.h).
//
// Contract: Handle never throws; storage errors become a 500 page that shows
// no internals. The site writes to the store only view counts, in batches.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "httpd/server.h"
#include "store/store.h"
#include "web/format.h"
#include "web/i18n.h"
#include "web/image_urls.h"
#include "web/page_cache.h"
#include "web/templates.h"
#include "web/view_counter.h"

namespace herald::web {

// A topic as readers see it ([topics.NAME] in the config).
struct TopicLink {
  std::string name;   // URL id: /topic/NAME
  std::string title;
};

struct SiteOptions {
  std::string title = "herald";
  std::string tagline;
  std::string language = "en";   // interface: "en" | "zh"
  std::string time_zone;         // "" = publishers' offsets (see config.h)
  std::string donate_url;
  std::string base_url;          // absolute URLs in feeds/sitemaps; "" = from the Host header
  // The image proxy (imageproxy/), handed in by the caller so web/ does not
  // depend on it. When set, pages name images only through `image_path`
  // (lead images, teaser thumbnails, <img> in article bodies) and /img/ is
  // answered by `serve_image`; unset, publishers' image URLs are shown as stored.
  ImagePathFunction image_path;
  std::function<httpd::Response(const httpd::Request&)> serve_image;
  int articles_per_page = 30;
  int related_articles = 5;
  int view_flush_seconds = 10;
  PageCacheOptions page_cache;   // rendered pages kept in memory
  std::vector<TopicLink> topics;  // config order; a name not listed here is a 404
};

class Site {
 public:
  // Fails on an unknown time zone.
  static Result<std::unique_ptr<Site>> Create(store::Store& store, SiteOptions options);

  httpd::Response Handle(const httpd::Request& request);

  // Writes pending view counts now (also done every view_flush_seconds and
  // when the Site is destroyed).
  Status FlushViews() { return views_->Flush(); }

 private:
  Site(store::Store& store, SiteOptions options, Templates templates, TimeFormatter times,
       std::unique_ptr<ViewCounter> views)
      : store_(store), options_(std::move(options)), templates_(std::move(templates)), times_(times),
        strings_(StringsFor(options_.language)), views_(std::move(views)),
        cache_(std::make_unique<PageCache>([&store] { return store.ContentVersion(); }, options_.page_cache)) {}

  store::Store& store_;
  SiteOptions options_;
  Templates templates_;
  TimeFormatter times_;
  const Strings& strings_;
  std::unique_ptr<ViewCounter> views_;
  std::unique_ptr<PageCache> cache_;

  // A cached page made this request's: the article's view counter filled
  // in, the ETag derived from the page's hash (no per-request hashing).
  httpd::Response Serve(const httpd::Request& request, const CachedPage& page);
  // The response before ETag and compression.
  httpd::Response Route(const httpd::Request& request);
};

}  // namespace herald::web
