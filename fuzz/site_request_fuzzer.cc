// libFuzzer target: one HTTP request, parsed as the server parses it, then
// answered by the whole site (web/site.h) over a real SQLite store with a
// few articles: every handler's reading of paths and query parameters
// (page numbers, cursors, dates, ids, topic names) meets hostile bytes.
// Handle must never crash or throw; it answers with a real status.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "httpd/request_parse.h"
#include "store/store.h"
#include "web/site.h"

namespace {

struct World {
  std::unique_ptr<herald::store::Store> store;
  std::unique_ptr<herald::web::Site> site;
};

// A store in a temp folder with two sources and a few articles, and a site
// over it with one topic; made once per fuzzing process.
World& TheWorld() {
  static World world = [] {
    World w;
    char dir[] = "/tmp/herald-fuzz-siteXXXXXX";
    if (mkdtemp(dir) == nullptr) std::abort();
    auto store = herald::store::Store::Open({.path = std::string(dir) + "/herald.db"});
    if (!store.ok()) std::abort();
    w.store = std::move(*store);
    for (int s = 1; s <= 2; ++s) {
      herald::store::Source source;
      source.name = "Source <" + std::to_string(s) + ">";
      source.feed_url = "https://s" + std::to_string(s) + ".example/rss.xml";
      auto id = w.store->AddSource(source);
      if (!id.ok()) std::abort();
      for (int a = 0; a < 3; ++a) {
        herald::store::Article article;
        article.source_id = *id;
        article.url = article.canonical_url = "https://s" + std::to_string(s) + ".example/" + std::to_string(a);
        article.title = "Trade talks resume " + std::to_string(s * 10 + a);
        article.text = "Negotiators met again on tariffs and exports, article " + std::to_string(s * 10 + a) + ".";
        article.html = "<p>" + article.text + "</p>";
        article.excerpt = article.text;
        article.content_hash = article.url;
        article.published = herald::Timestamp{1759377180 + (s * 10 + a) * 60, 480, true};
        article.language = a == 2 ? "zh" : "en";
        article.fetched_utc = 1759377180;
        if (!w.store->PutArticle(article).ok()) std::abort();
      }
    }
    herald::web::SiteOptions options;
    options.topics = {{"trade", "Trade"}};
    auto site = herald::web::Site::Create(*w.store, options);
    if (!site.ok()) std::abort();
    w.site = std::move(*site);
    return w;
  }();
  return world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto request = herald::httpd::ParseRequestBytes(bytes, herald::httpd::ServerOptions{});
  if (!request.ok()) return 0;
  int status = TheWorld().site->Handle(*request).status;
  if (status < 200 || status >= 600 || status == 500) std::abort();  // a 500 here is a handler bug
  return 0;
}
