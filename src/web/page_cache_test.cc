// The page cache alone (bounds, versions), then through the site over
// loopback: a cached page follows the store, and its view counter moves.
#include "web/page_cache.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "http_get.h"
#include "web/site.h"

namespace herald::web {
namespace {

using herald::testing::HttpGet;

std::shared_ptr<const CachedPage> Page(std::string body) {
  httpd::Response page;
  page.body = std::move(body);
  return std::make_shared<const CachedPage>(std::move(page));
}

PageCacheOptions NoRecheckDelay(size_t max_bytes = 1 << 20) {
  PageCacheOptions options;
  options.max_bytes = max_bytes;
  options.recheck = std::chrono::milliseconds(0);
  return options;
}

TEST(PageCache, KeepsPagesUntilTheVersionMoves) {
  int64_t version = 1;
  int reads = 0;
  PageCache cache([&]() -> Result<int64_t> { ++reads; return version; }, NoRecheckDelay());
  auto miss = cache.Find("/a");
  EXPECT_EQ(miss.page, nullptr);
  cache.Insert("/a", Page("first"), miss.version);
  EXPECT_EQ(cache.Find("/a").page->response.body, "first");
  version = 2;
  EXPECT_EQ(cache.Find("/a").page, nullptr);
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_GT(reads, 0);
}

TEST(PageCache, APageRenderedWhileTheVersionMovedIsNotKept) {
  int64_t version = 1;
  PageCache cache([&]() -> Result<int64_t> { return version; }, NoRecheckDelay());
  auto miss = cache.Find("/a");
  version = 2;          // a write lands while the page renders
  cache.Find("/other");  // the cache notices
  cache.Insert("/a", Page("stale"), miss.version);
  EXPECT_EQ(cache.Find("/a").page, nullptr);
}

TEST(PageCache, UnreadableVersionCachesNothing) {
  PageCache cache([]() -> Result<int64_t> { return MakeError(ErrorKind::kStorage, "locked"); }, NoRecheckDelay());
  auto miss = cache.Find("/a");
  EXPECT_EQ(miss.version, -1);
  cache.Insert("/a", Page("x"), miss.version);
  EXPECT_EQ(cache.Find("/a").page, nullptr);
}

TEST(PageCache, ReadsTheVersionOncePerInterval) {
  int reads = 0;
  PageCacheOptions options;
  options.recheck = std::chrono::hours(1);
  PageCache cache([&]() -> Result<int64_t> { ++reads; return 7; }, options);
  for (int i = 0; i < 100; ++i) cache.Find("/a");
  EXPECT_EQ(reads, 1);
}

TEST(PageCache, BoundedByBytesLeastRecentlyUsedFirst) {
  PageCache cache([]() -> Result<int64_t> { return 1; }, NoRecheckDelay(4000));
  int64_t v = cache.Find("x").version;
  cache.Insert("/a", Page(std::string(900, 'a')), v);
  cache.Insert("/b", Page(std::string(900, 'b')), v);
  cache.Insert("/c", Page(std::string(900, 'c')), v);
  cache.Find("/a");  // now the most recent
  cache.Insert("/d", Page(std::string(900, 'd')), v);
  cache.Insert("/e", Page(std::string(900, 'e')), v);
  EXPECT_LE(cache.bytes(), 4000u);
  EXPECT_NE(cache.Find("/a").page, nullptr);
  EXPECT_EQ(cache.Find("/b").page, nullptr);
  EXPECT_NE(cache.Find("/e").page, nullptr);
  cache.Insert("/huge", Page(std::string(3000, 'h')), v);  // over a quarter of the bound: not kept
  EXPECT_EQ(cache.Find("/huge").page, nullptr);
  EXPECT_NE(cache.Find("/e").page, nullptr);
}

TEST(PageCache, FillViewsEscapesAndIgnoresLookalikes) {
  const std::string& token = ViewsPlaceholder();
  EXPECT_EQ(token.find_first_of("<>&\"'"), std::string::npos);
  std::string body = "<p>" + token + "</p><p>herald-views-0000</p>";
  EXPECT_EQ(FillViews(body, "Read <3> & more"), "<p>Read &lt;3&gt; &amp; more</p><p>herald-views-0000</p>");
  EXPECT_EQ(FillViews("no token", "x"), "no token");
}

class CachedSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-page-cache-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto store = store::Store::Open({dir_ + "/herald.db"});
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);
    store::Source s;
    s.name = "The Harbour Times";
    s.feed_url = "https://harbour.example/rss.xml";
    source_id_ = *store_->AddSource(s);
    SiteOptions options;
    options.page_cache.recheck = std::chrono::milliseconds(0);  // every request sees a change at once
    auto site = Site::Create(*store_, options);
    ASSERT_TRUE(site.ok()) << site.message();
    site_ = std::move(*site);
    Site* raw = site_.get();
    auto server = httpd::Server::Start({}, [raw](const httpd::Request& r) { return raw->Handle(r); });
    ASSERT_TRUE(server.ok());
    server_ = std::move(*server);
    base_ = server_->base_url();
  }
  void TearDown() override {
    server_.reset();
    site_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  int64_t Put(const std::string& slug, const std::string& title, const std::string& text = "Harbour news.") {
    store::Article a;
    a.source_id = source_id_;
    a.url = a.canonical_url = "https://harbour.example/" + slug;
    a.title = title;
    a.published = Timestamp{1759377180, 0, true};
    a.text = text;
    a.html = "<p>" + text + "</p>";
    a.language = "en";
    a.fetched_utc = 1759377200;
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Site> site_;
  std::unique_ptr<httpd::Server> server_;
  std::string base_;
  int64_t source_id_ = 0;
};

TEST_F(CachedSiteTest, CachedPagesFollowNewHiddenAndEditedArticles) {
  int64_t first = Put("one", "Ferries resume");
  auto home = HttpGet(base_ + "/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("Ferries resume"), std::string::npos);
  EXPECT_EQ(HttpGet(base_ + "/").headers["etag"], home.headers["etag"]);  // served again, same bytes

  Put("two", "Typhoon signal lowered");
  auto after_new = HttpGet(base_ + "/");
  EXPECT_NE(after_new.body.find("Typhoon signal lowered"), std::string::npos);
  EXPECT_NE(after_new.headers["etag"], home.headers["etag"]);
  EXPECT_NE(HttpGet(base_ + "/search?q=typhoon").body.find("Typhoon signal lowered"), std::string::npos);

  ASSERT_TRUE(store_->SetHidden(first, true).ok());
  EXPECT_EQ(HttpGet(base_ + "/").body.find("Ferries resume"), std::string::npos);
  EXPECT_EQ(HttpGet(base_ + "/article/" + std::to_string(first)).status, 404);
  ASSERT_TRUE(store_->SetHidden(first, false).ok());
  EXPECT_EQ(HttpGet(base_ + "/article/" + std::to_string(first)).status, 200);

  Put("one", "Ferries resume after the storm");  // the same article, edited
  EXPECT_NE(HttpGet(base_ + "/article/" + std::to_string(first)).body.find("Ferries resume after the storm"),
            std::string::npos);
}

TEST_F(CachedSiteTest, ViewCounterMovesOnACachedPageAndTheEtagFollowsIt) {
  int64_t id = Put("v", "Counted story");
  std::string url = base_ + "/article/" + std::to_string(id);
  auto one = HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-one"}});
  EXPECT_NE(one.body.find("Read 1 time, 1 today"), std::string::npos) << one.body;
  EXPECT_EQ(one.body.find(ViewsPlaceholder()), std::string::npos);
  auto two = HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-two"}});
  EXPECT_NE(two.body.find("Read 2 times, 2 today"), std::string::npos);
  EXPECT_NE(one.headers["etag"], two.headers["etag"]);  // over the final body
  // Revalidating with the old validator gets the new page; with the new one, a 304.
  EXPECT_EQ(HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-two"}, {"If-None-Match", one.headers["etag"]}}).status,
            200);
  EXPECT_EQ(HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-two"}, {"If-None-Match", two.headers["etag"]}}).status,
            304);
  // The written counts are read back after a flush, still through the cached page.
  ASSERT_TRUE(site_->FlushViews().ok());
  auto three = HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-three"}});
  EXPECT_NE(three.body.find("Read 3 times, 3 today"), std::string::npos);
}

TEST_F(CachedSiteTest, ArticleTextThatMimicsThePlaceholderStaysAsWritten) {
  int64_t id = Put("mimic", "Mimic", "herald-views-00000000000000000000000000000000 and <b>bold</b>");
  auto page = HttpGet(base_ + "/article/" + std::to_string(id), {{"User-Agent", "Mozilla/5.0 r"}});
  EXPECT_NE(page.body.find("herald-views-00000000000000000000000000000000 and <b>bold</b>"), std::string::npos);
}

}  // namespace
}  // namespace herald::web
