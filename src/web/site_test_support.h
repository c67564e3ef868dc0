// The web tests' shared fixture: a real SQLite store in a temp dir, a Site
// over a real httpd::Server on a loopback port, and small helpers to add
// sources and articles. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "http_get.h"
#include "process.h"
#include "web/site.h"

namespace herald::web::testing {

class SiteFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = herald::testing::MakeTempDir("herald-web");
    auto store = store::Store::Open({dir_ + "/herald.db"});
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);
  }
  void TearDown() override {
    server_.reset();
    site_.reset();
    store_.reset();
    herald::testing::RemoveTree(dir_);
  }

  int64_t AddSource(const std::string& name, const std::string& host) {
    store::Source s;
    s.name = name;
    s.feed_url = "https://" + host + "/rss.xml";
    auto id = store_->AddSource(s);
    EXPECT_TRUE(id.ok()) << id.message();
    return id.ok() ? *id : 0;
  }

  // An article at https://HOST/SLUG published `minute` minutes after
  // 2025-10-02 11:53 GMT+8; `host` is the source's.
  struct ArticleSpec {
    int64_t source_id = 0;
    std::string host;
    std::string slug;
    std::string title;
    int minute = 0;
    std::string language = "en";
    std::string text = "A text long enough to be an article.";
    std::string lead_image_url;
  };
  int64_t Put(const ArticleSpec& spec) {
    store::Article a;
    a.source_id = spec.source_id;
    a.url = a.canonical_url = "https://" + spec.host + "/" + spec.slug;
    a.title = spec.title;
    a.text = spec.text;
    a.html = "<p>" + spec.text + "</p>";
    a.excerpt = "Excerpt of " + spec.slug;
    a.content_hash = "hash-" + spec.host + "-" + spec.slug;
    a.published = Timestamp{kFirstPublished + int64_t{spec.minute} * 60, 480, true};
    a.language = spec.language;
    a.lead_image_url = spec.lead_image_url;
    a.fetched_utc = kFirstPublished;
    auto put = store_->PutArticle(a);
    EXPECT_TRUE(put.ok()) << put.message();
    return a.id;
  }

  // Serves `options` on a loopback port; pages show store changes at once.
  // Returns the base URL ("http://127.0.0.1:PORT").
  std::string Start(SiteOptions options = {}) {
    options.page_cache.recheck = std::chrono::milliseconds(0);
    auto site = Site::Create(*store_, std::move(options));
    EXPECT_TRUE(site.ok()) << site.message();
    if (!site.ok()) return "";
    site_ = std::move(*site);
    Site* raw = site_.get();
    auto server = httpd::Server::Start({}, [raw](const httpd::Request& r) { return raw->Handle(r); });
    EXPECT_TRUE(server.ok()) << server.message();
    if (!server.ok()) return "";
    server_ = std::move(*server);
    base_ = server_->base_url();
    return base_;
  }

  herald::testing::HttpResult Get(const std::string& path) { return herald::testing::HttpGet(base_ + path); }

  static constexpr int64_t kFirstPublished = 1759377180;  // 2025-10-02T03:53:00Z

  std::string dir_, base_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Site> site_;
  std::unique_ptr<httpd::Server> server_;
};

}  // namespace herald::web::testing
