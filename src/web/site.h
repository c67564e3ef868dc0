// web/: the reader's side. Site routes requests to one small handler per page
// and renders them with escaping templates.
//
//   GET /                     latest articles (?page=N)
//   GET /article/{id}         one article
//   GET /static/style.css     stylesheet
//   anything else             404 page
//
// Contract: Handle never throws; storage errors become a 500 page that shows
// no internals. Reads only; the site never writes to the store except view
// counts (later).
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "httpd/server.h"
#include "store/store.h"
#include "web/templates.h"

namespace herald::web {

struct SiteOptions {
  std::string title = "herald";
  std::string tagline;
  std::string language = "en";
  std::string donate_url;
  int articles_per_page = 30;
};

class Site {
 public:
  static Result<std::unique_ptr<Site>> Create(store::Store& store, SiteOptions options);

  httpd::Response Handle(const httpd::Request& request);

 private:
  Site(store::Store& store, SiteOptions options, Templates templates)
      : store_(store), options_(std::move(options)), templates_(std::move(templates)) {}

  store::Store& store_;
  SiteOptions options_;
  Templates templates_;
};

}  // namespace herald::web
