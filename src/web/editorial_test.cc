// Editorial control seen by readers over real HTTP: a hidden article is gone
// from pages, API, output feeds and sitemaps at once; featured ones lead the
// home page.
#include <gtest/gtest.h>

#include "web/site_test_support.h"

namespace herald::web {
namespace {

using herald::testing::CountOccurrences;
using herald::testing::HttpGet;

class EditorialSiteTest : public testing::SiteFixture {
 protected:
  void SetUp() override {
    SiteFixture::SetUp();
    source_id_ = AddSource("Harbour Times", "harbour.example");
    for (int i = 0; i < 4; ++i) {
      store::Article a;
      a.source_id = source_id_;
      a.url = a.canonical_url = "https://harbour.example/story-" + std::to_string(i);
      a.title = "Harbour ferry story number" + std::to_string(i);
      a.text = "Harbour ferry harbour ferry timetable " + std::to_string(i);
      a.html = "<p>Harbour ferry</p>";
      a.excerpt = "Excerpt " + std::to_string(i);
      a.content_hash = "h" + std::to_string(i);
      a.published = Timestamp{1759377180 + i * 60, 480, true};
      a.language = "en";
      a.fetched_utc = 1;
      ASSERT_TRUE(store_->PutArticle(a).ok());
      ids_.push_back(a.id);
    }
    Start({.title = "Desk", .base_url = "https://desk.example"});
  }

  std::string Get(const std::string& path, long want_status = 200) {
    auto r = HttpGet(base_ + path);
    EXPECT_EQ(r.status, want_status) << path;
    return r.body;
  }

  int64_t source_id_ = 0;
  std::vector<int64_t> ids_;
};

TEST_F(EditorialSiteTest, HiddenArticleLeavesPagesApiFeedsAndSitemapsAtOnce) {
  const int64_t victim = ids_[2];
  const std::string href = "/article/" + std::to_string(victim);
  const std::string original = "https://harbour.example/story-2";
  const std::string other = "/article/" + std::to_string(ids_[1]);
  const std::vector<std::string> lists = {"/", "/source/" + std::to_string(source_id_), "/search?q=harbour", other};
  const std::vector<std::string> machine = {"/api/v1/articles", "/api/v1/search?q=harbour", "/feed.xml",
                                            "/atom.xml", "/feed.json", "/sitemap.xml", "/news-sitemap.xml",
                                            "/source/" + std::to_string(source_id_) + "/feed.xml"};
  ASSERT_NE(Get(href).find("Harbour ferry story number2"), std::string::npos);
  for (const auto& path : lists) EXPECT_NE(Get(path).find(href), std::string::npos) << path;
  auto mentions = [&](const std::string& body) {
    return body.find("number2") != std::string::npos || body.find(href + "\"") != std::string::npos ||
           body.find(href + "<") != std::string::npos;
  };
  // (The news sitemap lists only the last two days, so these dates are absent there anyway.)
  for (const auto& path : machine) {
    if (path == "/news-sitemap.xml") continue;
    EXPECT_TRUE(mentions(Get(path))) << path;
  }

  ASSERT_TRUE(store_->SetHidden(victim, true).ok());
  // No cache, no delay: the very next request no longer shows it.
  EXPECT_EQ(Get(href, 404).find("number2"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/articles/" + std::to_string(victim), 404).find("number2"), std::string::npos);
  for (const auto& path : lists) EXPECT_EQ(Get(path).find(href), std::string::npos) << path;
  for (const auto& path : machine) {
    std::string body = Get(path);
    EXPECT_FALSE(mentions(body)) << path;
    EXPECT_EQ(body.find(original), std::string::npos) << path;
  }
  // The others stay.
  EXPECT_NE(Get("/").find(other), std::string::npos);

  ASSERT_TRUE(store_->SetHidden(victim, false).ok());
  EXPECT_NE(Get(href).find("number2"), std::string::npos);
  EXPECT_NE(Get("/feed.xml").find("number2"), std::string::npos);
}

TEST_F(EditorialSiteTest, FeaturedArticlesComeFirstOnPageOneOnlyAndOnce) {
  const int64_t oldest = ids_[0];
  const std::string href = "href=\"/article/" + std::to_string(oldest) + "\"";
  std::string home = Get("/");
  ASSERT_NE(home.find(href), std::string::npos);
  EXPECT_GT(home.find(href), home.find("href=\"/article/" + std::to_string(ids_[3]) + "\""));

  ASSERT_TRUE(store_->SetFeatured(oldest, true).ok());
  home = Get("/");
  size_t featured_at = home.find(href);
  ASSERT_NE(featured_at, std::string::npos);
  for (size_t i = 1; i < ids_.size(); ++i) {
    size_t at = home.find("href=\"/article/" + std::to_string(ids_[i]) + "\"");
    ASSERT_NE(at, std::string::npos);
    EXPECT_LT(featured_at, at) << "featured article must lead the home page";
  }
  EXPECT_EQ(CountOccurrences(home, "Harbour ferry story number0"), 1u);
  // Feeds keep plain newest-first order.
  std::string feed = Get("/feed.xml");
  EXPECT_GT(feed.find("number0"), feed.find("number3"));
  // A featured article that is hidden is not shown at all.
  ASSERT_TRUE(store_->SetHidden(oldest, true).ok());
  EXPECT_EQ(Get("/").find(href), std::string::npos);
}

// A reader's cached copy revalidates (304) until an editor changes the page.
TEST_F(EditorialSiteTest, PagesRevalidateWithEtagUntilAnEditChangesThem) {
  for (const std::string& path : {std::string("/"), std::string("/feed.xml"), std::string("/api/v1/articles")}) {
    SCOPED_TRACE(path);
    auto first = HttpGet(base_ + path, {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.headers["content-encoding"], "gzip");
    EXPECT_EQ(first.headers["vary"], "Accept-Encoding");
    std::string etag = first.headers["etag"];
    ASSERT_FALSE(etag.empty());
    auto again = HttpGet(base_ + path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.body, "");
    ASSERT_TRUE(store_->SetHidden(ids_[3], true).ok());
    auto changed = HttpGet(base_ + path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}});
    EXPECT_EQ(changed.status, 200);
    EXPECT_NE(changed.headers["etag"], etag);
    ASSERT_TRUE(store_->SetHidden(ids_[3], false).ok());
  }
  EXPECT_EQ(HttpGet(base_ + "/").headers["cache-control"], "no-cache");
}

}  // namespace
}  // namespace herald::web
