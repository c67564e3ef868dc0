// The site over real HTTP on loopback, backed by a real SQLite file.
#include "web/site.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "web/site_test_support.h"

namespace herald::web {
namespace {

using herald::testing::CountOccurrences;
using herald::testing::HttpGet;

class SiteTest : public testing::SiteFixture {
 protected:
  void SetUp() override {
    SiteFixture::SetUp();
    source_id_ = AddSource("The Harbour <Times>", "harbour.example");
    store::Source ex;
    ex.name = "Excerpt Daily";
    ex.feed_url = "https://excerpt.example/rss.xml";
    ex.display = "excerpt";
    excerpt_source_id_ = *store_->AddSource(ex);
  }

  int64_t Put(const std::string& slug, const std::string& title, bool paywalled = false, int64_t source = 0) {
    store::Article a;
    a.source_id = source ? source : source_id_;
    a.url = "https://harbour.example/" + slug;
    a.canonical_url = a.url;
    a.title = title;
    a.byline = {"Li Wei", "Jane Doe"};
    a.published = Timestamp{1759377180, 480, true};
    a.lead_image_url = "https://harbour.example/img/" + slug + ".jpg";
    a.lead_image_caption = "Trump greets Putin in Anchorage.";
    a.lead_image_credit = "Getty Images";
    a.text = "First paragraph.\n\nSecond paragraph.";
    a.html = "<p>First paragraph.</p><p>Second paragraph.</p>";
    a.excerpt = "First paragraph.";
    a.language = "en";
    a.paywalled = paywalled;
    a.fetched_utc = 1759377200;
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  }

  int64_t source_id_ = 0, excerpt_source_id_ = 0;
};

TEST_F(SiteTest, HomeListsArticlesNewestFirstWithEscapedText) {
  Put("a", "Typhoon <script>alert(\"x\")</script> & more");
  Put("b", "Second story");
  std::string base = Start({.title = "China Desk", .tagline = "tag", .donate_url = "https://donate.example/"});
  auto res = HttpGet(base + "/");
  ASSERT_EQ(res.status, 200);
  EXPECT_NE(res.content_type.find("text/html"), std::string::npos);
  EXPECT_EQ(res.body.find("<script"), std::string::npos);
  EXPECT_NE(res.body.find("Typhoon &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"), std::string::npos);
  EXPECT_NE(res.body.find("The Harbour &lt;Times&gt;"), std::string::npos);
  EXPECT_NE(res.body.find("Oct. 2, 2025 11:53 a.m. GMT+8"), std::string::npos);
  EXPECT_NE(res.body.find("href=\"https://donate.example/\">Donate</a>"), std::string::npos);
  EXPECT_EQ(CountOccurrences(res.body, "class=\"teaser\""), 2u);
}

TEST_F(SiteTest, ArticlePageShowsEverythingOnce) {
  int64_t id = Put("arctic", "Arctic thaw");
  std::string base = Start();
  auto res = HttpGet(base + "/article/" + std::to_string(id));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(CountOccurrences(res.body, "<h1>Arctic thaw</h1>"), 1u);
  // Once as the caption, once as the image's alt text; never a second caption.
  EXPECT_EQ(CountOccurrences(res.body, "Trump greets Putin in Anchorage."), 2u) << res.body;
  EXPECT_EQ(CountOccurrences(res.body, "<figcaption>"), 1u);
  EXPECT_EQ(CountOccurrences(res.body, "Getty Images"), 1u);
  EXPECT_NE(res.body.find("By Li Wei and Jane Doe"), std::string::npos);
  EXPECT_NE(res.body.find("<time datetime=\"2025-10-02T11:53:00+08:00\">Published: Oct. 2, 2025 11:53 a.m. GMT+8</time>"),
            std::string::npos);
  EXPECT_NE(res.body.find("href=\"https://harbour.example/arctic\" rel=\"noopener\">Source link</a>"), std::string::npos);
  EXPECT_NE(res.body.find("<link rel=\"canonical\" href=\"https://harbour.example/arctic\">"), std::string::npos);
  EXPECT_NE(res.body.find("<p>Second paragraph.</p>"), std::string::npos);
  EXPECT_NE(res.body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(SiteTest, PaywalledAndExcerptSourcesShowOnlyTheExcerpt) {
  int64_t paid = Put("paid", "Paid story", /*paywalled=*/true);
  int64_t ex = Put("ex", "Excerpt story", false, excerpt_source_id_);
  std::string base = Start();
  for (int64_t id : {paid, ex}) {
    auto res = HttpGet(base + "/article/" + std::to_string(id));
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.body.find("Second paragraph."), std::string::npos);
    EXPECT_NE(res.body.find("<p>First paragraph.</p>"), std::string::npos);
    EXPECT_NE(res.body.find("Read the full article at"), std::string::npos);
  }
  auto home = HttpGet(base + "/");
  EXPECT_EQ(CountOccurrences(home.body, ">PREMIUM</span>"), 1u);
}

TEST_F(SiteTest, NotFoundPagesAndMethods) {
  std::string base = Start();
  EXPECT_EQ(HttpGet(base + "/article/999").status, 404);
  EXPECT_EQ(HttpGet(base + "/article/abc").status, 404);
  EXPECT_EQ(HttpGet(base + "/article/99999999999999999999999").status, 404);
  auto missing = HttpGet(base + "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("Page not found"), std::string::npos);
  EXPECT_EQ(HttpGet(base + "/static/style.css").status, 200);
}

TEST_F(SiteTest, PaginationLinksAppearWhenThereAreMorePages) {
  for (int i = 0; i < 5; ++i) Put("p" + std::to_string(i), "Story " + std::to_string(i));
  SiteOptions o;
  o.articles_per_page = 2;
  std::string base = Start(o);
  auto first = HttpGet(base + "/");
  EXPECT_EQ(CountOccurrences(first.body, "class=\"teaser\""), 2u);
  EXPECT_NE(first.body.find("href=\"/?page=2\""), std::string::npos);
  auto last = HttpGet(base + "/?page=3");
  EXPECT_EQ(CountOccurrences(last.body, "class=\"teaser\""), 1u);
  EXPECT_EQ(last.body.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(last.body.find("href=\"/?page=2\""), std::string::npos);
}

TEST_F(SiteTest, ViewCounterCountsVisitorsOncePerDayAndSkipsBots) {
  int64_t id = Put("v", "Counted story");
  std::string base = Start();
  std::string url = base + "/article/" + std::to_string(id);
  auto first = HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-one"}});
  EXPECT_NE(first.body.find("Read 1 time, 1 today"), std::string::npos) << first.body;
  auto reload = HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-one"}});
  EXPECT_NE(reload.body.find("Read 1 time, 1 today"), std::string::npos);
  auto second = HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-two"}});
  EXPECT_NE(second.body.find("Read 2 times, 2 today"), std::string::npos);
  HttpGet(url, {{"User-Agent", "Googlebot/2.1"}});
  HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-three"}, {"Sec-Purpose", "prefetch"}});
  auto after = HttpGet(url, {{"User-Agent", "Mozilla/5.0 reader-one"}});
  EXPECT_NE(after.body.find("Read 2 times, 2 today"), std::string::npos);
  // Counts reach the store in one batch, not one write per request.
  EXPECT_EQ(store_->GetViews(id, "2000-01-01")->total, 0);
  ASSERT_TRUE(site_->FlushViews().ok());
  EXPECT_EQ(store_->GetViews(id, "2000-01-01")->total, 2);
}

TEST_F(SiteTest, RelatedArticlesExcludeTheArticleItself) {
  int64_t first = Put("typhoon-1", "Typhoon Mirae lashes Hong Kong");
  int64_t second = Put("typhoon-2", "Typhoon Mirae makes landfall in Guangdong");
  Put("solar", "Solar panels in Ningxia");
  std::string base = Start();
  auto page = HttpGet(base + "/article/" + std::to_string(first));
  size_t related = page.body.find("class=\"related\"");
  ASSERT_NE(related, std::string::npos) << page.body;
  std::string section = page.body.substr(related);
  EXPECT_NE(section.find("/article/" + std::to_string(second) + "\""), std::string::npos);
  EXPECT_EQ(section.find("/article/" + std::to_string(first) + "\""), std::string::npos);
  EXPECT_EQ(CountOccurrences(section, "Typhoon Mirae makes landfall in Guangdong</a>"), 1u);
}

TEST_F(SiteTest, SearchFindsChineseWordsAndHighlightsThem) {
  store::Article zh;
  zh.source_id = source_id_;
  zh.url = zh.canonical_url = "https://harbour.example/zh";
  zh.title = "超强台风登陆广东";
  zh.text = "受台风影响，广东多地停课停工。";
  zh.excerpt = "受台风影响";
  zh.language = "zh";
  zh.fetched_utc = 1;
  ASSERT_TRUE(store_->PutArticle(zh).ok());
  Put("en", "Typhoon nears <Hong Kong>");
  std::string base = Start();
  auto res = HttpGet(base + "/search?q=%E5%8F%B0%E9%A3%8E");  // 台风
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(CountOccurrences(res.body, "class=\"teaser\""), 1u);
  EXPECT_NE(res.body.find("<mark>台风</mark>"), std::string::npos) << res.body;
  auto en = HttpGet(base + "/search?q=%3Chong");  // "<hong": escaped, never markup
  EXPECT_EQ(en.body.find("<hong"), std::string::npos);
  EXPECT_NE(en.body.find("value=\"&lt;hong\""), std::string::npos);
  auto none = HttpGet(base + "/search?q=zzzz");
  EXPECT_NE(none.body.find("Nothing matches"), std::string::npos);
}

TEST_F(SiteTest, SourcePageAndChineseInterface) {
  Put("s1", "Story one");
  std::string base = Start({.language = "zh", .time_zone = "Asia/Shanghai"});
  auto src = HttpGet(base + "/source/" + std::to_string(source_id_));
  ASSERT_EQ(src.status, 200);
  EXPECT_NE(src.body.find("来自 The Harbour &lt;Times&gt;"), std::string::npos);
  EXPECT_NE(src.body.find("2025年10月2日 11:53 GMT+8"), std::string::npos);
  EXPECT_NE(src.body.find("<html lang=\"zh-Hans\">"), std::string::npos);
  EXPECT_EQ(HttpGet(base + "/source/9999").status, 404);
}

TEST(SiteCreate, UnknownTimeZoneIsRefused) {
  char tmpl[] = "/tmp/herald-site-tz-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  auto store = store::Store::Open({std::string(tmpl) + "/herald.db"});
  ASSERT_TRUE(store.ok());
  auto site = Site::Create(**store, {.time_zone = "Nowhere/City"});
  EXPECT_FALSE(site.ok());
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace herald::web
