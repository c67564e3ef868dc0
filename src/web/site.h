// web/: the reader's side. Site routes requests to one small handler per page
// and renders them with escaping templates.
//
//   GET /                     latest articles (?page=N)
//   GET /article/{id}         one article, with view counter and related articles
//   GET /search?q=...         full-text search (&source=ID &lang=xx &from=YYYY-MM-DD &to=YYYY-MM-DD &page=N)
//   GET /source/{id}          one publisher's articles
//   GET /source/{id}/feed.xml | atom.xml | feed.json, /feed.xml, /atom.xml, /feed.json
//   GET /sitemap.xml, /news-sitemap.xml, /robots.txt
//   GET /api/v1/...           JSON API (docs/api.md)
//   GET /static/style.css     stylesheet
//   anything else             404 page
//
// Every 200 answer to GET/HEAD carries a strong ETag (304 on If-None-Match)
// and is gzipped for clients that accept it (httpd/http_cache.h).
//
// Contract: Handle never throws; storage errors become a 500 page that shows
// no internals. The site writes to the store only view counts, in batches.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "httpd/server.h"
#include "store/store.h"
#include "web/format.h"
#include "web/i18n.h"
#include "web/templates.h"
#include "web/view_counter.h"

namespace herald::web {

struct SiteOptions {
  std::string title = "herald";
  std::string tagline;
  std::string language = "en";   // interface: "en" | "zh"
  std::string time_zone;         // "" = publishers' offsets (see config.h)
  std::string donate_url;
  std::string base_url;          // absolute URLs in feeds/sitemaps; "" = from the Host header
  int articles_per_page = 30;
  int related_articles = 5;
  int view_flush_seconds = 10;
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
        strings_(StringsFor(options_.language)), views_(std::move(views)) {}

  store::Store& store_;
  SiteOptions options_;
  Templates templates_;
  TimeFormatter times_;
  const Strings& strings_;
  std::unique_ptr<ViewCounter> views_;

  // The response before ETag and compression.
  httpd::Response Route(const httpd::Request& request);
};

}  // namespace herald::web
